package dev.drover.gpu.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a job as a real child process.
 *
 * <ol>
 *   <li>starts {@link ProcessSpec#command()} (no shell) in the spec's working dir with exactly the spec's env plus
 *       {@code CUDA_VISIBLE_DEVICES} (and {@link JobEnvironment#DEFAULT_PATH} when the env has no {@code PATH}):
 *       nothing of the agent's own environment is inherited; a command without a slash is looked up on that
 *       {@code PATH}, not the agent's; with a {@link JobUser} it runs as that user;</li>
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
    private final JobUser runAs;

    public ProcessRunner() {
        this(InstantSource.system());
    }

    /** {@code clock} stamps log lines and the start time; durations use the monotonic clock. */
    public ProcessRunner(InstantSource clock) {
        this(clock, null);
    }

    /** As {@link #ProcessRunner(InstantSource)}, starting every job as {@code runAs} (null: the agent's user). */
    public ProcessRunner(InstantSource clock, JobUser runAs) {
        this.clock = clock;
        this.runAs = runAs;
    }

    /** Starts the process; never throws for a command that cannot start (the result says so). */
    public RunningProcess start(ProcessSpec spec, LogSink sink) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.putIfAbsent("PATH", JobEnvironment.DEFAULT_PATH);
        // set after the job's env so that a job cannot reach GPUs it was not given
        env.put("CUDA_VISIBLE_DEVICES", spec.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
        List<String> command = new ArrayList<>(spec.command());
        command.set(0, onPath(command.get(0), env.get("PATH"), spec.workingDir()));
        ProcessBuilder pb = new ProcessBuilder(runAs == null ? command : runAs.wrap(command));
        pb.environment().clear();
        pb.environment().putAll(env);
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

    /**
     * The job's {@code PATH} decides which program a bare name means, as a shell would (the JDK would search the
     * agent's {@code PATH}); relative entries count from the working dir. Unfound, the name stays as it is and the
     * start fails naming it.
     */
    private static String onPath(String name, String path, Path workingDir) {
        if (name.contains("/")) {
            return name;
        }
        for (String entry : path.split(":")) {
            Path dir = entry.isEmpty() ? Path.of(".") : Path.of(entry);
            Path candidate = (dir.isAbsolute() || workingDir == null ? dir : workingDir.resolve(dir)).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
