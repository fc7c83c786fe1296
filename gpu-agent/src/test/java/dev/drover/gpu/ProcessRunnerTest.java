package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessResult.Outcome;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner();
    private final LinesSink sink = new LinesSink();

    @Test
    void streamsStdoutAsInfoAndStderrAsErrorWithItsEnvDirAndGpus(@TempDir Path dir) throws Exception {
        ProcessSpec spec = ProcessSpec.of("sh", "-c",
                        "echo epoch 1; echo warn >&2; echo \"gpus=$CUDA_VISIBLE_DEVICES lr=$LR dir=$(pwd)\"; exit 0")
                .withEnv(Map.of("LR", "0.01", "CUDA_VISIBLE_DEVICES", "0,1,2,3")).withWorkingDir(dir).withGpus(List.of(1, 3));

        ProcessResult r = runner.start(spec, sink).await();

        assertThat(r.succeeded()).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(sink.messages(LogLevel.INFO)).startsWith("epoch 1", "gpus=1,3 lr=0.01 dir=" + dir.toRealPath());
        assertThat(sink.messages(LogLevel.INFO).getLast()).startsWith("process exited with code 0");
        assertThat(sink.messages(LogLevel.ERROR)).containsExactly("warn");
    }

    @Test
    void aNonZeroExitEndsTheLogWithAnError() throws Exception {
        ProcessResult r = runner.start(ProcessSpec.of("sh", "-c", "echo loading; echo 'CUDA out of memory' >&2; exit 1"), sink).await();

        assertThat(r.outcome()).isEqualTo(Outcome.EXITED);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.succeeded()).isFalse();
        assertThat(sink.messages(LogLevel.ERROR)).containsExactly("CUDA out of memory", "process exited with code 1");
    }

    @Test
    void aProcessPastItsTimeLimitIsStopped() throws Exception {
        ProcessSpec spec = ProcessSpec.of("sh", "-c", "echo started; sleep 30").withTimeLimit(Duration.ofMillis(500));

        ProcessResult r = runner.start(spec, sink).await();

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.runtime()).isLessThan(Duration.ofSeconds(10));
        assertThat(sink.messages(LogLevel.ERROR)).singleElement().asString().startsWith("time limit of 500ms exceeded");
    }

    @Test
    void cancelStopsTheWholeTreeAndKillsWhatIgnoresSigterm(@TempDir Path dir) throws Exception {
        assertCancelStopsTheTree(runner, ProcessSpec.of("true").withWorkingDir(dir));
    }

    /**
     * Runs, in {@code base}'s working dir and env, a parent that ignores SIGTERM with a child of its own; after cancel
     * both must be gone.
     */
    static void assertCancelStopsTheTree(ProcessRunner runner, ProcessSpec base) throws Exception {
        LinesSink sink = new LinesSink();
        String script = "trap '' TERM; sleep 60 & echo $! > child.pid; echo running; wait";
        RunningProcess p = runner.start(new ProcessSpec(List.of("sh", "-c", script), base.env(), base.workingDir(),
                base.gpuIndices(), null, Duration.ofMillis(300)), sink);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.messages(LogLevel.INFO).contains("running"));
        long child = Long.parseLong(Files.readString(base.workingDir().resolve("child.pid")).strip());

        p.cancel();
        ProcessResult r = p.await();

        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(sink.messages(LogLevel.WARNING)).singleElement().asString().contains("SIGKILL");
        assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aCommandThatCannotStartFailsWithAReason() throws Exception {
        ProcessResult r = runner.start(ProcessSpec.of("/no/such/trainer"), sink).await();

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_TO_START);
        assertThat(r.error()).startsWith("cannot start /no/such/trainer");
        assertThat(sink.messages(LogLevel.ERROR)).containsExactly(r.error());
    }
}
