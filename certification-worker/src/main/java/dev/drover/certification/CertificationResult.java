package dev.drover.certification;

import java.time.Instant;
import java.util.List;

/**
 * What certifying one (model, region) produced.
 *
 * @param modelId     the model
 * @param region      the region
 * @param invokedAs   the id the tests called (inference profile id when needed); null when none ran
 * @param tests       one result per suite test, in suite order
 * @param scoreCard   score, rating, passed
 * @param startedAt   wall-clock start, for storage
 * @param completedAt wall-clock end, for storage
 * @param durationMs  monotonic duration
 * @param ran         false when the suite could not run at all (not available, listing failed)
 * @param error       the first failure's message, or null
 * @param errorCategory the first critical category, else the first failure's category, or null
 */
public record CertificationResult(String modelId, String region, String invokedAs, List<TestResult> tests,
                                  ScoreCard scoreCard, Instant startedAt, Instant completedAt, long durationMs,
                                  boolean ran, String error, ErrorCategory errorCategory) {

    public CertificationResult {
        tests = List.copyOf(tests);
    }

    public boolean passed() {
        return scoreCard.passed();
    }
}
