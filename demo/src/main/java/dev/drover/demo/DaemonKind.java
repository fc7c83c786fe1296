package dev.drover.demo;

import java.util.List;

/**
 * A worker daemon the demo runs: where its main class lives and how it is started ({@code <main> run}).
 *
 * @param label         what the demo calls it
 * @param packagePrefix the package its main class is in (or under)
 * @param mainClass     the simple name of its main class
 */
record DaemonKind(String label, String packagePrefix, String mainClass) {

    static final DaemonKind CERTIFICATION = new DaemonKind("certification-worker", "dev.drover.certification",
            "CertificationWorkerMain");
    static final DaemonKind SYNC = new DaemonKind("sync-worker", "dev.drover.sync", "LeadSyncMain");
    static final DaemonKind GPU = new DaemonKind("gpu-agent", "dev.drover.gpu", "GpuAgentMain");

    static List<DaemonKind> all() {
        return List.of(CERTIFICATION, SYNC, GPU);
    }
}
