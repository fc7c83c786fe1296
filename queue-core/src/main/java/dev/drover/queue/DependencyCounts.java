package dev.drover.queue;

/**
 * How a flow parent's children stand (BullMQ's getDependenciesCount).
 *
 * @param processed   children completed ({@code :processed})
 * @param unprocessed children still pending ({@code :dependencies})
 * @param ignored     failed children let go by continue/ignore policies ({@code :failed})
 * @param failed      failed children that failed the parent ({@code :unsuccessful})
 */
public record DependencyCounts(long processed, long unprocessed, long ignored, long failed) {
}
