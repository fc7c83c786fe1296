package dev.drover.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records enqueue->start and enqueue->complete latencies of a latency run, keyed by job id. Thread-safe.
 * Times are {@link System#nanoTime()} values taken in this process (producer, worker and events share the clock).
 */
final class LatencyRecorder {

    private final Map<String, Long> enqueuedAt = new ConcurrentHashMap<>();
    private final Map<String, Double> startMs = new ConcurrentHashMap<>();
    private final Map<String, Double> completeMs = new ConcurrentHashMap<>();
    private final CountDownLatch allCompleted;

    LatencyRecorder(int jobs) {
        this.allCompleted = new CountDownLatch(jobs);
    }

    /** A worker started job {@code id}, enqueued at {@code enqueuedNanos}. */
    void started(String id, long enqueuedNanos) {
        enqueuedAt.put(id, enqueuedNanos);
        startMs.put(id, (System.nanoTime() - enqueuedNanos) / 1e6);
    }

    /** A completed event arrived for {@code id} (ignored unless the job was seen starting). */
    void completed(String id) {
        Long t0 = enqueuedAt.get(id);
        if (t0 != null && completeMs.putIfAbsent(id, (System.nanoTime() - t0) / 1e6) == null) {
            allCompleted.countDown();
        }
    }

    /** Waits for every job's completion; false on timeout. */
    boolean await(long timeoutMs) throws InterruptedException {
        return allCompleted.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** startP50/P99/Max and completeP50/P99/Max in ms, plus how many completions were seen. */
    Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "start", startMs.values().stream().mapToDouble(Double::doubleValue).toArray());
        put(m, "complete", completeMs.values().stream().mapToDouble(Double::doubleValue).toArray());
        m.put("completedSeen", completeMs.size());
        return m;
    }

    private static void put(Map<String, Object> m, String prefix, double[] values) {
        m.put(prefix + "P50Ms", Percentiles.of(values, 50));
        m.put(prefix + "P99Ms", Percentiles.of(values, 99));
        m.put(prefix + "MaxMs", Percentiles.of(values, 100));
    }
}
