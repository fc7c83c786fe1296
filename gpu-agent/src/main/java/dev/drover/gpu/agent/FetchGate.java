package dev.drover.gpu.agent;

import dev.drover.queue.Worker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * When this agent's GPU worker takes jobs from the queue: only while at least one GPU is free, and, after a job was
 * given back for want of GPUs ({@link #gaveBack}), not again until a running job frees GPUs or {@link #RETRY} has
 * passed. So an agent whose GPUs are all busy fetches nothing, and one with too few free GPUs for the jobs at the head
 * of the queue looks at most once per {@code RETRY} instead of cycling through them. It pauses and resumes the
 * {@link Worker} locally ({@link Worker#pause()}); the queue itself and other agents are unaffected.
 */
final class FetchGate implements GpuAllocator.Listener {

    /** How long a given-back job stays delayed, and how long the agent holds off fetching after giving one back. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final GpuAllocator gpus;
    private Worker worker;
    private boolean holding;
    private long holds;

    FetchGate(GpuAllocator gpus) {
        this.gpus = gpus;
        gpus.listener(this);
    }

    /** Starts steering {@code w} (created after the processor that reports to this gate). */
    synchronized void attach(Worker w) {
        this.worker = w;
        apply();
    }

    /** A job was given back because too few GPUs were free: hold off until GPUs free or {@link #RETRY} passes. */
    synchronized void gaveBack() {
        holding = true;
        long hold = ++holds;
        CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> endHold(hold));
        apply();
    }

    private synchronized void endHold(long hold) {
        if (hold == holds) {
            holding = false;
            apply();
        }
    }

    @Override
    public synchronized void changed(boolean released) {
        if (released) {
            holding = false; // the job given back may fit now
        }
        apply();
    }

    private void apply() {
        if (worker == null) {
            return;
        }
        if (gpus.free() > 0 && !holding) {
            worker.resume();
        } else {
            worker.pause();
        }
    }
}
