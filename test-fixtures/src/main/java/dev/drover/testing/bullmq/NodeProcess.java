package dev.drover.testing.bullmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport to one {@code node driver.js} child process: newline-delimited JSON over stdin/stdout.
 *
 * <ol>
 *   <li>Requests get an {@code id}; the stdout reader completes the matching {@link PendingReplies}.</li>
 *   <li>Lines with an {@code event} field go to the {@link EventLog}, except the driver's first
 *       {@code ready} line, which {@link #awaitReady} returns.</li>
 *   <li>stderr goes to the console and the {@link StderrTail}, whose last lines end every error message.</li>
 *   <li>When stdout ends the process is gone: pending and later requests, and event waits, fail at once.</li>
 * </ol>
 *
 * It knows nothing of BullMQ: a reply is returned whole, {@code ok:false} included. Thread-safe. A JVM
 * shutdown hook kills the process should a test forget to close it.
 */
final class NodeProcess {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    // how long to wait for an exit code once its pipes broke: long enough to report "exited with code N"
    private static final long EXIT_CODE_WAIT_SECONDS = 2;

    private final String label;
    private final Process process;
    private final BufferedWriter stdin;
    private final Object writeLock = new Object();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final EventLog events;
    private final StderrTail stderr;
    private final PendingReplies replies;
    private final Thread shutdownHook;
    private volatile boolean closed;

    /**
     * Starts {@code nodeBin versionDir/driver.js} in {@code versionDir} and its reader threads.
     *
     * @param label names the process in stderr echoes and errors, e.g. {@code bullmq6}
     */
    NodeProcess(String label, String nodeBin, Path versionDir, EventLog events, StderrTail stderr) {
        this.label = label;
        this.events = events;
        this.stderr = stderr;
        this.replies = new PendingReplies(stderr);
        ProcessBuilder pb = new ProcessBuilder(nodeBin, versionDir.resolve("driver.js").toString())
                .directory(versionDir.toFile());
        // the driver reads these as defaults; it must use only the url and prefix each request carries
        pb.environment().remove("DROVER_REDIS_URL");
        pb.environment().remove("DROVER_PREFIX");
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start '" + nodeBin + "' (Node.js 20+ must be on the PATH, or set -D"
                    + NodeBullmq.NODE_BIN_PROPERTY + "): " + e.getMessage(), e);
        }
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        startThread("stdout", () -> readStdout(process.getInputStream()));
        startThread("stderr", () -> readStderr(process.getErrorStream()));
        this.shutdownHook = new Thread(process::destroyForcibly, "node-" + label + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private static void startThread(String name, Runnable r) {
        Thread t = new Thread(r, "node-bullmq-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The driver's {@code ready} line; kills the process when it does not come within {@code timeout}. */
    JsonNode awaitReady(Duration timeout) {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while starting the node driver", e);
        } catch (ExecutionException | TimeoutException e) {
            kill();
            throw new IllegalStateException("node driver for " + label + " did not start: "
                    + (e.getCause() != null ? e.getCause().getMessage() : "no ready line within " + timeout)
                    + stderr.suffix(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reading

    private void readStdout(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    dispatch(line);
                }
            }
        } catch (IOException e) {
            stderr.record("[stdout read failed] " + e);
        } finally {
            onStreamEnd();
        }
    }

    private void dispatch(String line) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            stderr.record("[stdout, not JSON] " + line);
            return;
        }
        if (msg.has("event")) {
            onEvent(msg);
        } else if (msg.hasNonNull("id")) {
            replies.complete(msg.get("id").asLong(), msg);
        } else {
            stderr.record("[stdout, uncorrelated] " + line);
        }
    }

    private void onEvent(JsonNode msg) {
        NodeEvent event = new NodeEvent(msg);
        if ("ready".equals(event.event())) {
            ready.complete(msg);
        } else {
            events.add(event);
        }
    }

    private void onStreamEnd() {
        Integer exit = null;
        try {
            if (process.waitFor(EXIT_CODE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String reason = "node driver exited" + (exit == null ? "" : " with code " + exit);
        replies.end(reason);
        ready.completeExceptionally(replies.gone());
        events.end(reason);
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stderr.record(line);
                System.err.println("[node-" + label + "] " + line);
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Requests

    /**
     * Sends {@code req} with a fresh {@code id} and returns the driver's whole reply line.
     *
     * @throws NodeBullmqException when the process is closed or gone, or does not reply within {@code timeout}
     */
    JsonNode exchange(ObjectNode req, Duration timeout) {
        if (closed) {
            throw new NodeBullmqException("node driver is closed", null);
        }
        if (replies.endReason() != null) {
            throw replies.gone();
        }
        PendingReplies.Reply reply = replies.register();
        ObjectNode withId = req.deepCopy();
        withId.put("id", reply.id());
        try {
            write(withId);
        } catch (IOException e) {
            replies.cancel(reply);
            throw new NodeBullmqException(writeFailure(e) + stderr.suffix(), null);
        }
        return replies.await(reply, withId, timeout);
    }

    private void write(ObjectNode msg) throws IOException {
        String line = Json.MAPPER.writeValueAsString(msg);
        synchronized (writeLock) {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        }
    }

    /** Why a write failed: usually because the process has just exited, which says more than "broken pipe". */
    private String writeFailure(IOException e) {
        try {
            if (process.waitFor(EXIT_CODE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return "node driver exited with code " + process.exitValue();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return "cannot write to the node driver: " + e.getMessage();
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended, else {@code null}. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash would: the driver closes nothing. */
    void kill() {
        closed = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeShutdownHook();
    }

    /**
     * Ends stdin, on which the driver closes its BullMQ objects and exits; destroys the process if it has not
     * exited within {@code EXIT_TIMEOUT} (a graceful worker close alone may take 5 s), forcibly 5 s after that.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            synchronized (writeLock) {
                stdin.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        awaitExit();
        removeShutdownHook();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
    }
}
