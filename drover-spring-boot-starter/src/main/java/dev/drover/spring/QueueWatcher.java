package dev.drover.spring;

import dev.drover.queue.Queue;

/** Told of each queue {@link Queues} opens (the metrics publish its depth). */
@FunctionalInterface
interface QueueWatcher {
    void opened(Queue queue);
}
