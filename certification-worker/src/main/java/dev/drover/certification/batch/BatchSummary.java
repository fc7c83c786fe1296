package dev.drover.certification.batch;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a finished batch did: the {@code certify-batch} job's return value (and its summary job's).
 *
 * @param certificationJobId the batch row
 * @param status             the row's status when the summary was taken (COMPLETED, or CANCELLED)
 * @param total              items (models × regions)
 * @param outcomes           items by outcome: SUCCESS, FAILURE, CANCELLED (absent keys are 0)
 * @param ratings            items whose suite ran, by rating A..F
 * @param unsettled          items whose job failed for good before it could be counted, by queue key: reason
 */
public record BatchSummary(UUID certificationJobId, String status, int total, Map<String, Integer> outcomes,
                           Map<String, Integer> ratings, Map<String, String> unsettled) {

    public BatchSummary {
        outcomes = new TreeMap<>(outcomes);
        ratings = new TreeMap<>(ratings);
        unsettled = new TreeMap<>(unsettled);
    }
}
