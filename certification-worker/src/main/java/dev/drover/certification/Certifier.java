package dev.drover.certification;

import dev.drover.certification.bedrock.Availability;
import dev.drover.certification.bedrock.BedrockCallException;
import dev.drover.certification.bedrock.BedrockGateway;
import dev.drover.certification.bedrock.ModelCatalog;
import dev.drover.certification.suite.ModelSession;
import dev.drover.certification.suite.SuiteRunner;
import dev.drover.certification.suite.SuiteTest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certifies one model in one region:
 * <ol>
 *   <li>availability: listed in the region (ListFoundationModels, cached) and ACTIVE; picks the id to invoke;</li>
 *   <li>runs the test suite against it;</li>
 *   <li>scores the results ({@link ScoreCard}).</li>
 * </ol>
 * Never throws for a Bedrock failure: a model that is unavailable, or whose listing cannot be read, gets every test
 * failed with that category. Writes nothing; the caller stores the result. Thread-safe.
 */
public final class Certifier {

    private final ModelCatalog catalog;
    private final BedrockGateway gateway;
    private final List<SuiteTest> suite;
    private final InstantSource clock;

    public Certifier(ModelCatalog catalog, BedrockGateway gateway, List<SuiteTest> suite, InstantSource clock) {
        this.catalog = catalog;
        this.gateway = gateway;
        this.suite = List.copyOf(suite);
        this.clock = clock;
    }

    public CertificationResult certify(String modelId, String region) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Availability availability;
        try {
            availability = catalog.availability(modelId, region);
        } catch (BedrockCallException e) {
            return unrun(modelId, region, startedAt, start, "cannot list models in " + region + ": " + e.getMessage(),
                    e.category());
        }
        if (!availability.available()) {
            return unrun(modelId, region, startedAt, start, availability.reason(), ErrorCategory.UNAVAILABLE);
        }
        List<TestResult> results = SuiteRunner.run(new ModelSession(gateway, region, availability.invokeAs()), suite);
        return finish(modelId, region, availability.invokeAs(), results, startedAt, start, true);
    }

    private CertificationResult unrun(String modelId, String region, Instant startedAt, long start, String error,
                                      ErrorCategory category) {
        return finish(modelId, region, null, SuiteRunner.allFailed(suite, error, category), startedAt, start, false);
    }

    private CertificationResult finish(String modelId, String region, String invokedAs, List<TestResult> results,
                                       Instant startedAt, long start, boolean ran) {
        ScoreCard card = ScoreCard.of(results);
        TestResult firstFailure = results.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        ErrorCategory category = card.criticalCategory()
                .orElse(firstFailure == null ? null : firstFailure.errorCategory());
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new CertificationResult(modelId, region, invokedAs, results, card, startedAt, clock.instant(),
                durationMs, ran, firstFailure == null ? null : firstFailure.error(), category);
    }
}
