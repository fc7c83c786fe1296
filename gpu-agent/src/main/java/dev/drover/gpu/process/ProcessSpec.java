package dev.drover.gpu.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one job.
 *
 * @param command    the executable and its arguments; never through a shell, so arguments need no quoting
 * @param env        its whole environment (nothing is inherited from the agent; see {@link JobEnvironment})
 * @param workingDir where it runs; null for the agent's own (only for tests: the agent gives each job its own,
 *                   see {@link JobDirs})
 * @param gpuIndices the GPUs it may use, exported as {@code CUDA_VISIBLE_DEVICES}; empty exports an empty value, which
 *                   hides every GPU
 * @param timeLimit  how long it may run before it is stopped; null for no limit
 * @param killGrace  how long a stop waits between SIGTERM and SIGKILL
 */
public record ProcessSpec(List<String> command, Map<String, String> env, Path workingDir, List<Integer> gpuIndices,
                          Duration timeLimit, Duration killGrace) {

    /** Long enough for a trainer to write a checkpoint on SIGTERM, short enough for cancel to feel prompt. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    public ProcessSpec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a job needs a command");
        }
        env = Map.copyOf(env);
        gpuIndices = List.copyOf(gpuIndices);
        Objects.requireNonNull(killGrace, "killGrace");
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
        }
    }

    /** {@code command} with an empty env, in the current directory, on GPU 0, without a time limit. */
    public static ProcessSpec of(String... command) {
        return new ProcessSpec(List.of(command), Map.of(), null, List.of(0), null, DEFAULT_KILL_GRACE);
    }

    public ProcessSpec withEnv(Map<String, String> newEnv) {
        return new ProcessSpec(command, newEnv, workingDir, gpuIndices, timeLimit, killGrace);
    }

    public ProcessSpec withWorkingDir(Path dir) {
        return new ProcessSpec(command, env, dir, gpuIndices, timeLimit, killGrace);
    }

    public ProcessSpec withGpus(List<Integer> indices) {
        return new ProcessSpec(command, env, workingDir, indices, timeLimit, killGrace);
    }

    public ProcessSpec withTimeLimit(Duration limit) {
        return new ProcessSpec(command, env, workingDir, gpuIndices, limit, killGrace);
    }

    public ProcessSpec withKillGrace(Duration grace) {
        return new ProcessSpec(command, env, workingDir, gpuIndices, timeLimit, grace);
    }
}
