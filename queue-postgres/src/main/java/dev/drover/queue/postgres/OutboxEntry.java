package dev.drover.queue.postgres;

import java.util.UUID;

/**
 * One row of {@code drover.outbox} as a relay sees it: the row id, the queue its job (or flow root) goes to, and the
 * queue job id it is added under.
 */
public record OutboxEntry(UUID id, String queue, String jobId) {
}
