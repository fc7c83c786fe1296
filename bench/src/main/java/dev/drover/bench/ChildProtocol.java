package dev.drover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The child side of the orchestrator protocol, shared with bench/node/bench.js. Over stdout (one JSON object per
 * line): {@code {"ready":true}} once prepared, then {@code {"result":{...}}}. Over stdin: a line {@code go} starts
 * the window; EOF after the result tells the child to clean up and exit.
 */
final class ChildProtocol {

    static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /** Announces readiness and blocks until the orchestrator says go. */
    void readyAndAwaitGo() throws IOException {
        send(Map.of("ready", true));
        String line = in.readLine();
        if (!"go".equals(line)) {
            throw new IOException("expected 'go' from the orchestrator, got " + line);
        }
    }

    /** Sends the window's figures. */
    void result(Map<String, Object> figures) throws IOException {
        send(Map.of("result", figures));
    }

    /** Blocks until stdin reaches EOF (the orchestrator has read its Redis counters). */
    void awaitRelease() throws IOException {
        while (in.readLine() != null) {
            // nothing else is expected
        }
    }

    private static void send(Map<String, Object> message) throws IOException {
        System.out.println(JSON.writeValueAsString(message));
        System.out.flush();
    }
}
