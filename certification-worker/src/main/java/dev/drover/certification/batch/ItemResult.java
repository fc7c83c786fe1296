package dev.drover.certification.batch;

import dev.drover.certification.CertificationResult;
import java.math.BigDecimal;

/**
 * A {@code certify-model} job's return value, read by the batch summary: how the item was counted and, when the suite
 * ran, its score and rating.
 *
 * @param modelId       the model
 * @param region        the region
 * @param outcome       SUCCESS, FAILURE or CANCELLED, as counted in the ledger
 * @param passed        whether the certification passed; null when cancelled or counted by an earlier run
 * @param score         0..100, or null
 * @param rating        A..F, or null
 * @param errorCategory the result's error category (wire name), or null
 */
public record ItemResult(String modelId, String region, String outcome, Boolean passed, BigDecimal score,
                         String rating, String errorCategory) {

    static ItemResult of(CertificationResult r, String outcome) {
        return new ItemResult(r.modelId(), r.region(), outcome, r.passed(), r.scoreCard().score(),
                r.scoreCard().rating(), r.errorCategory() == null ? null : r.errorCategory().wireName());
    }

    static ItemResult settledBefore(BatchPlan.Item item, String outcome, String rating) {
        return new ItemResult(item.modelId(), item.region(), outcome, null, null, rating, null);
    }
}
