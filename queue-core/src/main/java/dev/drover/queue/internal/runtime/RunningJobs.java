package dev.drover.queue.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a worker is running right now, with their lock tokens and threads: the lock extender renews them, and a
 * hard shutdown releases and interrupts them. A released job must not be finished by its processor afterwards.
 */
final class RunningJobs {

    record Entry(String jobId, String token, Thread thread) {
    }

    private final Map<String, Entry> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> released = new ConcurrentHashMap<>();

    void add(String jobId, String token) {
        running.put(jobId, new Entry(jobId, token, Thread.currentThread()));
    }

    void remove(String jobId) {
        running.remove(jobId);
        released.remove(jobId);
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
