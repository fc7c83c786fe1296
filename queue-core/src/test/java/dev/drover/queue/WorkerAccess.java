package dev.drover.queue;

import dev.drover.queue.internal.runtime.ManualProcessing;

/** TEST ONLY: what a {@link Worker} does not expose publicly, for tests in other packages (the parity harness). */
public final class WorkerAccess {

    private WorkerAccess() {
    }

    /** The worker's own manual processing (its settings, its rate-limit wait). */
    public static ManualProcessing manual(Worker worker) {
        return worker.manualProcessing();
    }
}
