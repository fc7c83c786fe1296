package dev.drover.certification;

import dev.drover.db.generated.certification.enums.JobStatus;

/**
 * What {@link CertificationRepository#countItem} did.
 *
 * @param counted   true when this call moved the counters; false when the (job, model, region) had been counted
 *                  before (a retried or recovered queue job) and nothing changed
 * @param status    the batch's status afterwards
 * @param processed processed_models afterwards
 * @param total     total_models
 */
public record ItemCount(boolean counted, JobStatus status, int processed, int total) {
}
