package dev.drover.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child (Drover JVM or BullMQ Node) through {@link ChildProtocol}: start, wait for ready, call
 * {@code beforeGo}, say go, read the result, call {@code afterResult}, then close its stdin and wait for it to exit.
 * A watchdog kills a child that overruns {@code maxSeconds}. Child stderr is appended to {@code log}.
 */
final class ChildRun {

    private ChildRun() {
    }

    /** Hooks around the measured window (the orchestrator reads Redis counters there). */
    interface Window {
        void beforeGo();

        void afterResult();
    }

    /** Runs {@code command}; returns the child's result figures. */
    static Map<String, Object> run(List<String> command, File log, long maxSeconds, Window window)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(maxSeconds, TimeUnit.SECONDS)) {
                    System.err.println("child overran " + maxSeconds + " s; killing it: " + command.get(0));
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = p.getOutputStream()) {
            expect(out, "ready", log);
            window.beforeGo();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Map<String, Object> message = expect(out, "result", log);
            window.afterResult();
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) message.get("result");
            return result;
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            watchdog.interrupt();
        }
    }

    private static Map<String, Object> expect(BufferedReader out, String key, File log) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("{")) {
                Map<String, Object> m = ChildProtocol.JSON.readValue(line, new TypeReference<>() { });
                if (m.containsKey(key)) {
                    return m;
                }
            }
        }
        throw new IOException("child exited before sending '" + key + "'; see " + log);
    }
}
