package dev.drover.certification.cli;

import dev.drover.certification.CertificationWorkerMain;
import dev.drover.daemon.DaemonCli;
import dev.drover.testing.CrashPoint;

/**
 * TEST ONLY: {@code certification-worker} whose {@code run} stops at a {@link CrashPoint} right after an item's
 * transaction commits and before its queue job is acknowledged, so that a test can SIGKILL it there.
 */
public final class CrashingWorkerMain {

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new CertificationWorkerMain(),
                DaemonCli.factory(RunCommand.class, () -> new RunCommand(job -> CrashPoint.reached(job.id()))), args));
    }
}
