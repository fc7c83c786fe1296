package dev.drover.gpu.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands this host's GPUs to jobs so that no two running jobs share one. {@link #tryAcquire} gives a job the lowest free
 * indices it asks for, or nothing when fewer are free (never part of a request, never a GPU already held); closing the
 * {@link Lease} gives them back, once however often it is closed, so a {@code try}-with-resources around the run frees
 * them on every way out (exit, time limit, cancel, kill, exception, shutdown). Thread-safe. The {@link Listener}
 * hears of every change after it happened, outside the allocator's lock.
 */
public final class GpuAllocator {

    /** Told after GPUs were taken ({@code released} false) or given back ({@code released} true). */
    @FunctionalInterface
    public interface Listener {
        void changed(boolean released);
    }

    private final int total;
    private final TreeSet<Integer> free = new TreeSet<>();
    private volatile Listener listener = released -> { };

    public GpuAllocator(List<Integer> gpuIndices) {
        free.addAll(gpuIndices);
        if (free.size() != gpuIndices.size()) {
            throw new IllegalArgumentException("GPU indices must be distinct: " + gpuIndices);
        }
        this.total = free.size();
    }

    /** Sets the one listener (replacing the previous one). */
    public void listener(Listener l) {
        this.listener = l;
    }

    /** How many GPUs this host has for jobs. */
    public int total() {
        return total;
    }

    /** How many are held by no job right now. */
    public synchronized int free() {
        return free.size();
    }

    /** {@code count} GPUs no running job holds, or empty when fewer are free. */
    public Optional<Lease> tryAcquire(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a job needs at least one GPU, asked for " + count);
        }
        List<Integer> taken = new ArrayList<>(count);
        synchronized (this) {
            if (count > free.size()) {
                return Optional.empty();
            }
            while (taken.size() < count) {
                taken.add(free.pollFirst());
            }
        }
        listener.changed(false);
        return Optional.of(new Lease(List.copyOf(taken)));
    }

    private void release(List<Integer> gpus) {
        synchronized (this) {
            free.addAll(gpus);
        }
        listener.changed(true);
    }

    /** GPUs held by one job until {@link #close()}. */
    public final class Lease implements AutoCloseable {

        private final List<Integer> gpus;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Lease(List<Integer> gpus) {
            this.gpus = gpus;
        }

        /** The held GPU indices, ascending: what the job's {@code CUDA_VISIBLE_DEVICES} lists. */
        public List<Integer> gpus() {
            return gpus;
        }

        /** Gives the GPUs back; later calls do nothing. */
        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                release(gpus);
            }
        }
    }
}
