package dev.drover.certification.batch;

import dev.drover.certification.CertificationResult;
import dev.drover.certification.ErrorCategory;
import java.util.Set;

/**
 * Thrown for a certification that failed only because Bedrock was briefly unwell, so that the queue job is retried
 * (after its backoff) rather than the model being recorded as failing. Nothing has been counted when it is thrown.
 */
final class TransientFailure extends RuntimeException {

    private static final Set<ErrorCategory> TRANSIENT = Set.of(ErrorCategory.THROTTLING, ErrorCategory.TIMEOUT,
            ErrorCategory.SERVICE_ERROR, ErrorCategory.NETWORK);

    TransientFailure(CertificationResult r) {
        super("certification of " + r.modelId() + " in " + r.region() + " hit transient errors ("
                + firstTransient(r) + "); retrying the job");
    }

    private static String firstTransient(CertificationResult r) {
        return r.tests().stream().filter(t -> !t.passed() && TRANSIENT.contains(t.errorCategory()))
                .map(t -> t.errorCategory().wireName() + ": " + t.error()).findFirst().orElse("unknown");
    }

    /** True when some test failed for a transient reason and none for a critical one. */
    static boolean spoiled(CertificationResult r) {
        boolean anyTransient = r.tests().stream().anyMatch(t -> !t.passed() && TRANSIENT.contains(t.errorCategory()));
        return anyTransient && r.scoreCard().criticalCategory().isEmpty();
    }
}
