package dev.drover.sync.app;

import dev.drover.testing.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sync-worker} ({@link LeadSyncMain}) as its own JVM on the test class path, with its output in a temp file
 * for assertions and diagnostics. {@link #close()} kills it if still running.
 */
final class DaemonProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final int httpPort;
    private final Path output;

    private DaemonProcess(Process process, int httpPort, Path output) {
        this.process = process;
        this.httpPort = httpPort;
        this.output = output;
    }

    /** Starts {@code sync-worker args...} with exactly {@code env} (plus PATH and HTTP_PORT) as its environment. */
    static DaemonProcess start(Map<String, String> env, String... args) {
        return start(LeadSyncMain.class, env, args);
    }

    /** As {@link #start(Map, String...)} with another main class (a test-only variant of the jar's). */
    static DaemonProcess start(Class<?> main, Map<String, String> env, String... args) {
        try {
            int port = FreePort.pick();
            Path out = Files.createTempFile("sync-worker-", ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    main.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv("PATH"));
            pb.environment().put("HTTP_PORT", String.valueOf(port));
            pb.environment().putAll(env);
            return new DaemonProcess(pb.start(), port, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process's stdout and stderr so far. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for exit; returns the exit code, or throws if it did not exit in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sync-worker did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** A GET's answer; status -1 while nothing listens, so callers can await readiness with a comparison. */
    record Reply(int status, String body) {
    }

    /** GET {@code path} on the daemon's HTTP port. */
    Reply get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
