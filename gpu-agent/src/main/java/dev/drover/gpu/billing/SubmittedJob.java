package dev.drover.gpu.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

/**
 * An accepted job: its {@code gpu.jobs} row is PENDING and the reserve is debited.
 *
 * @param id           the job id, also its queue job id ({@link #queueJobId()})
 * @param estimate     the estimated run time; null when no benchmark exists
 * @param estimatedCost estimate × price; null without an estimate
 * @param reserved     the credits debited now; the unused part is refunded when the job finishes
 * @param timeLimit    the limit the agent enforces, which bounds the charge to the reserve
 */
public record SubmittedJob(UUID id, Duration estimate, BigDecimal estimatedCost, BigDecimal reserved, Duration timeLimit) {

    public String queueJobId() {
        return id.toString();
    }
}
