package dev.drover.queue.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a worker is running right now, with their lock tokens and threads: the lock extender renews them, and a
 * hard shutdown releases and interrupts them. A released job must not be finished by its processor afterwards.
 * A job is marked finishing once its processor is done and the call recording its outcome is on its way: that call
 * releases the lock, so a renewal that finds the lock gone then is no sign of a lost lock.
 */
final class RunningJobs {

    record Entry(String jobId, String token, Thread thread) {
    }

    private final Map<String, Entry> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> released = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finishing = new ConcurrentHashMap<>();

    void add(String jobId, String token) {
        running.put(jobId, new Entry(jobId, token, Thread.currentThread()));
    }

    void remove(String jobId) {
        running.remove(jobId);
        released.remove(jobId);
        finishing.remove(jobId);
    }

    void markFinishing(String jobId) {
        finishing.put(jobId, Boolean.TRUE);
    }

    /** True while the job runs here under {@code token} and its processor has not finished yet. */
    boolean isProcessing(String jobId, String token) {
        Entry e = running.get(jobId);
        return e != null && e.token().equals(token) && !finishing.containsKey(jobId);
    }

    List<Entry> snapshot() {
        return List.copyOf(running.values());
    }

    void markReleased(String jobId) {
        released.put(jobId, Boolean.TRUE);
    }

    boolean isReleased(String jobId) {
        return released.containsKey(jobId);
    }

    int size() {
        return running.size();
    }
}
