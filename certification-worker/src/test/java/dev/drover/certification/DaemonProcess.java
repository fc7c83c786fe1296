package dev.drover.certification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link CertificationWorkerMain} as its own JVM (this test run's class path), its output captured in a file. The
 * environment starts empty but for PATH and what the test gives, so the runner's own variables cannot leak in.
 */
final class DaemonProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Process process;
    final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DaemonProcess start(Map<String, String> env, String... args) throws IOException {
        return start(CertificationWorkerMain.class, env, args);
    }

    /** As {@link #start(Map, String...)} with another main class (a test-only variant of the jar's). */
    static DaemonProcess start(Class<?> main, Map<String, String> env, String... args) throws IOException {
        Path log = Files.createTempFile("certification-worker", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    /** Runs to completion (for commands that exit by themselves) and returns the exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Status and body of {@code GET path} on {@code port}; status -1 when nothing answers. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static int status(int port, String path) {
        HttpResponse<String> r = get(port, path);
        return r == null ? -1 : r.statusCode();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
