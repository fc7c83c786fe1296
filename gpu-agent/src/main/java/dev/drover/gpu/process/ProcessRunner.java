package dev.drover.gpu.process;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.stream.Collectors;

/**
 * Runs a job as a real child process.
 *
 * <ol>
 *   <li>starts {@link ProcessSpec#command()} (no shell) with the spec's env, working dir and
 *       {@code CUDA_VISIBLE_DEVICES};</li>
 *   <li>streams each stdout line to the {@link LogSink} as {@link LogLevel#INFO} and each stderr line as
 *       {@link LogLevel#ERROR};</li>
 *   <li>stops the process tree (SIGTERM, then SIGKILL after the grace) when the time limit passes or
 *       {@link RunningProcess#cancel()} is called;</li>
 *   <li>ends the log with one line saying how it ended (error level for a non-zero exit, a timeout or a start
 *       failure) and completes {@link RunningProcess#result()}.</li>
 * </ol>
 * Thread-safe; one runner serves any number of concurrent jobs.
 */
public final class ProcessRunner {

    private final InstantSource clock;

    public ProcessRunner() {
        this(InstantSource.system());
    }

    /** {@code clock} stamps log lines and the start time; durations use the monotonic clock. */
    public ProcessRunner(InstantSource clock) {
        this.clock = clock;
    }

    /** Starts the process; never throws for a command that cannot start (the result says so). */
    public RunningProcess start(ProcessSpec spec, LogSink sink) {
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        pb.environment().putAll(spec.env());
        // set after the job's env so that a job cannot reach GPUs it was not given
        pb.environment().put("CUDA_VISIBLE_DEVICES",
                spec.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (spec.workingDir() != null) {
            pb.directory(new File(spec.workingDir().toString()));
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return RunningProcess.started(pb.start(), spec, sink, clock);
        } catch (IOException e) {
            return RunningProcess.failedToStart(spec, sink, clock, "cannot start " + spec.command().get(0) + ": " + e.getMessage());
        }
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
