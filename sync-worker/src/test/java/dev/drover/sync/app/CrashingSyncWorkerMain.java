package dev.drover.sync.app;

import dev.drover.daemon.DaemonCli;
import dev.drover.testing.CrashPoint;

/**
 * TEST ONLY: {@code sync-worker} whose {@code run} stops at a {@link CrashPoint} once a run's outcome is committed and
 * before its queue job is acknowledged, so that a test can SIGKILL it there.
 */
public final class CrashingSyncWorkerMain {

    private CrashingSyncWorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new LeadSyncMain(System.getenv()),
                DaemonCli.factory(RunCommand.class, () -> new RunCommand(job -> CrashPoint.reached(job.id()))), args));
    }
}
