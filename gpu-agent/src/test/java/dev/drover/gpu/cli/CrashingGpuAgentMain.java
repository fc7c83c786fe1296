package dev.drover.gpu.cli;

import dev.drover.daemon.DaemonCli;
import dev.drover.gpu.GpuAgentMain;
import dev.drover.queue.Job;
import dev.drover.queue.postgres.EffectsObserver;
import dev.drover.testing.CrashPoint;

/**
 * TEST ONLY: {@code gpu-agent} whose {@code run} stops at a {@link CrashPoint} right after a GPU job's settlement
 * commits and before its queue job is acknowledged, so that a test can SIGKILL it there.
 */
public final class CrashingGpuAgentMain {

    private CrashingGpuAgentMain() {
    }

    public static void main(String[] args) {
        EffectsObserver stopAfterCommit = new EffectsObserver() {
            @Override
            public void committed(Job job) {
                CrashPoint.reached(job.id());
            }
        };
        System.exit(DaemonCli.execute(new GpuAgentMain(),
                DaemonCli.factory(RunCommand.class, () -> new RunCommand(stopAfterCommit)), args));
    }
}
