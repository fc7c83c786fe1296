package dev.drover.gpu.process;

import dev.drover.gpu.process.ProcessResult.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job process started by {@link ProcessRunner}: a watcher thread waits for its exit, its time limit or a cancel, and
 * two reader threads pump its output into the {@link LogSink}. {@link #result()} completes once the process tree is
 * gone and every output line has been handed to the sink.
 */
public final class RunningProcess {

    /** Postgres can hold more, but a line this long is a runaway print, not a log. */
    static final int MAX_LINE = 8192;

    private final Process process;
    private final ProcessSpec spec;
    private final LogSink sink;
    private final InstantSource clock;
    private final Instant started;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Outcome> stopRequest = new CompletableFuture<>();
    private final CompletableFuture<ProcessResult> result = new CompletableFuture<>();

    private RunningProcess(Process process, ProcessSpec spec, LogSink sink, InstantSource clock) {
        this.process = process;
        this.spec = spec;
        this.sink = sink;
        this.clock = clock;
        this.started = clock.instant();
    }

    static RunningProcess started(Process process, ProcessSpec spec, LogSink sink, InstantSource clock) {
        RunningProcess rp = new RunningProcess(process, spec, sink, clock);
        Thread out = Thread.ofVirtual().name("job-stdout-" + process.pid()).start(() -> rp.pump(process.getInputStream(), LogLevel.INFO));
        Thread err = Thread.ofVirtual().name("job-stderr-" + process.pid()).start(() -> rp.pump(process.getErrorStream(), LogLevel.ERROR));
        Thread.ofVirtual().name("job-watch-" + process.pid()).start(() -> rp.watch(out, err));
        return rp;
    }

    static RunningProcess failedToStart(ProcessSpec spec, LogSink sink, InstantSource clock, String error) {
        RunningProcess rp = new RunningProcess(null, spec, sink, clock);
        rp.log(LogLevel.ERROR, error);
        rp.result.complete(new ProcessResult(Outcome.FAILED_TO_START, null, rp.started, Duration.ZERO, error));
        return rp;
    }

    /** The OS process id; -1 when it never started. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Asks the process to stop (SIGTERM, then SIGKILL after the grace); returns at once; later calls do nothing. */
    public void cancel() {
        stopRequest.complete(Outcome.CANCELLED);
    }

    /** Completes when the process tree is gone and its output is in the sink. */
    public CompletableFuture<ProcessResult> result() {
        return result;
    }

    /** Waits for {@link #result()}. */
    public ProcessResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job watcher failed", e.getCause());
        }
    }

    private void watch(Thread out, Thread err) {
        try {
            Outcome stoppedFor = awaitExitOrStop();
            boolean killed = stoppedFor != null && ProcessTree.terminate(process.toHandle(), spec.killGrace());
            int exit = process.waitFor();
            // a grandchild that kept the pipes open is dead by now, so the readers reach end of stream
            out.join(Duration.ofSeconds(5));
            err.join(Duration.ofSeconds(5));
            result.complete(finish(stoppedFor, killed, exit));
        } catch (InterruptedException e) {
            ProcessTree.terminate(process.toHandle(), Duration.ZERO);
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Null when the process exited by itself; otherwise why it must be stopped. */
    private Outcome awaitExitOrStop() throws InterruptedException {
        CompletableFuture<Object> first = CompletableFuture.anyOf(process.onExit(), stopRequest);
        try {
            Object done = spec.timeLimit() == null ? first.get() : first.get(spec.timeLimit().toNanos(), TimeUnit.NANOSECONDS);
            return done instanceof Outcome o && process.isAlive() ? o : null;
        } catch (TimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private ProcessResult finish(Outcome stoppedFor, boolean killed, int exit) {
        Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
        String how = killed ? "SIGTERM, then SIGKILL after " + ProcessRunner.describe(spec.killGrace()) : "SIGTERM";
        if (stoppedFor == Outcome.TIMED_OUT) {
            String error = "time limit of " + ProcessRunner.describe(spec.timeLimit()) + " exceeded; stopped with " + how;
            log(LogLevel.ERROR, error);
            return new ProcessResult(Outcome.TIMED_OUT, exit, started, runtime, error);
        }
        if (stoppedFor == Outcome.CANCELLED) {
            String error = "cancelled; stopped with " + how;
            log(LogLevel.WARNING, error);
            return new ProcessResult(Outcome.CANCELLED, exit, started, runtime, error);
        }
        if (exit != 0) {
            String error = "process exited with code " + exit;
            log(LogLevel.ERROR, error);
            return new ProcessResult(Outcome.EXITED, exit, started, runtime, error);
        }
        log(LogLevel.INFO, "process exited with code 0 after " + runtime.toMillis() + "ms");
        return new ProcessResult(Outcome.EXITED, 0, started, runtime, null);
    }

    private void pump(InputStream stream, LogLevel level) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log(level, line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [truncated]" : line);
            }
        } catch (IOException e) {
            // the stream closes under us when the process is killed; nothing more to read
        }
    }

    private void log(LogLevel level, String message) {
        try {
            sink.accept(new LogLine(clock.instant(), level, message));
        } catch (RuntimeException e) {
            // the sink's contract is not to throw; a broken one must not stop the output pump, which would block the job
        }
    }
}
