package dev.drover.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.sim.bedrock.AwsError;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.bedrock.BedrockSimulator.Op;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Certifier#certify} end to end: real SDK clients against the Bedrock simulator. */
class CertifierTest {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET = "anthropic.claude-3-5-sonnet-20241022-v2:0";
    private static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
    private static final String TITAN = "amazon.titan-text-express-v1";

    private static SimulatedBedrock bedrock;
    private static BedrockSimulator sim;

    @BeforeAll
    static void start() {
        bedrock = new SimulatedBedrock();
        sim = bedrock.sim;
    }

    @BeforeEach
    void reset() {
        bedrock.reset();
    }

    @AfterAll
    static void stop() {
        bedrock.close();
    }

    @Test
    void goodModelPassesEveryTest() {
        CertificationResult r = bedrock.certifier.certify(HAIKU, "us-east-1");

        assertThat(r.tests()).hasSize(7).allSatisfy(t -> assertThat(t.passed()).as(t.id() + ": " + t.error()).isTrue());
        assertThat(r.scoreCard().score()).isEqualByComparingTo("100");
        assertThat(r.scoreCard().rating()).isEqualTo("A");
        assertThat(r.passed()).isTrue();
        assertThat(r.invokedAs()).isEqualTo(HAIKU);
        assertThat(r.errorCategory()).isNull();
        assertThat(sim.requestCount("us-east-1", HAIKU, Op.CONVERSE)).isEqualTo(6);
        assertThat(sim.requestCount("us-east-1", HAIKU, Op.CONVERSE_STREAM)).isEqualTo(1);
    }

    @Test
    void throttledModelIsRetriedAndPasses() {
        sim.throttle("eu-west-1", HAIKU, 3);

        CertificationResult r = bedrock.certifier.certify(HAIKU, "eu-west-1");

        assertThat(r.passed()).isTrue();
        assertThat(r.scoreCard().score()).isEqualByComparingTo("100");
        // three throttled attempts on the first test, then one call per test
        assertThat(sim.requestCount("eu-west-1", HAIKU, Op.CONVERSE)).isEqualTo(6 + 3);
    }

    @Test
    void throttledBeyondTheRetryBudgetFailsThatTestAsThrottling() {
        sim.throttle("eu-west-1", HAIKU, 4);

        CertificationResult r = bedrock.certifier.certify(HAIKU, "eu-west-1");

        assertThat(r.tests().getFirst().errorCategory()).isEqualTo(ErrorCategory.THROTTLING);
        assertThat(r.scoreCard().score()).isEqualByComparingTo("85.71");
        assertThat(r.scoreCard().rating()).isEqualTo("B");
        assertThat(r.passed()).as("throttling is not critical").isTrue();
    }

    @Test
    void accessDeniedIsTerminalAndCritical() {
        sim.denyAccess("us-west-2", HAIKU);

        CertificationResult r = bedrock.certifier.certify(HAIKU, "us-west-2");

        assertThat(r.passed()).isFalse();
        assertThat(r.errorCategory()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(r.tests()).allSatisfy(t -> assertThat(t.errorCategory()).isEqualTo(ErrorCategory.PERMISSION));
        assertThat(sim.requestCount("us-west-2", HAIKU, Op.CONVERSE)).as("no retry, no further tests").isEqualTo(1);
    }

    @Test
    void modelNotOfferedInTheRegionIsUnavailableWithoutRuntimeCalls() {
        CertificationResult r = bedrock.certifier.certify(LLAMA, "eu-west-1");

        assertThat(r.ran()).isFalse();
        assertThat(r.passed()).isFalse();
        assertThat(r.scoreCard().rating()).isEqualTo("F");
        assertThat(r.errorCategory()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(sim.requests()).extracting(BedrockSimulator.Request::op).containsOnly(Op.LIST_FOUNDATION_MODELS);
    }

    @Test
    void scriptedUnavailableAndLegacyModelsAreUnavailable() {
        sim.unavailable("ap-southeast-2", HAIKU);

        assertThat(bedrock.certifier.certify(HAIKU, "ap-southeast-2").errorCategory())
                .isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(bedrock.certifier.certify(TITAN, "ap-southeast-2").error()).contains("LEGACY");
        assertThat(sim.requestCount("ap-southeast-2", BedrockSimulator.NO_MODEL, Op.LIST_FOUNDATION_MODELS))
                .as("listing cached per region").isEqualTo(1);
    }

    @Test
    void profileOnlyModelIsInvokedThroughTheRegionsGeography() {
        CertificationResult r = bedrock.certifier.certify(SONNET, "ap-northeast-1");

        assertThat(r.invokedAs()).isEqualTo("apac." + SONNET);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void badJsonFailsOnlyTheJsonTest() {
        sim.badJson("us-east-1", HAIKU);

        CertificationResult r = bedrock.certifier.certify(HAIKU, "us-east-1");

        assertThat(r.tests()).filteredOn(t -> !t.passed()).extracting(TestResult::id).containsExactly("json_output");
        assertThat(r.errorCategory()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
        assertThat(r.scoreCard().rating()).isEqualTo("B");
    }

    @Test
    void emptyRepliesFailTheAnswerTests() {
        sim.emptyReply("us-east-1", HAIKU);

        CertificationResult r = bedrock.certifier.certify(HAIKU, "us-east-1");

        assertThat(r.tests()).filteredOn(TestResult::passed).extracting(TestResult::id).containsExactly("empty_prompt");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void badCredentialsAreAnAuthenticationFailure() {
        sim.rejectCredentials("us-east-2");

        CertificationResult r = bedrock.certifier.certify(HAIKU, "us-east-2");

        assertThat(r.errorCategory()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void serviceErrorsAreRetried() {
        sim.fail("us-east-1", HAIKU, AwsError.serviceUnavailable(), 2);

        assertThat(bedrock.certifier.certify(HAIKU, "us-east-1").passed()).isTrue();
        assertThat(sim.requestCount("us-east-1", HAIKU, Op.CONVERSE)).isEqualTo(6 + 2);
    }

    @Test
    void slowModelTimesOut() {
        try (SimulatedBedrock tight = new SimulatedBedrock(BedrockSimulator.startWithDefaultCatalog(), 2,
                Duration.ofMillis(400))) {
            tight.sim.slow("us-east-1", HAIKU, Duration.ofSeconds(2));

            CertificationResult r = tight.certifier.certify(HAIKU, "us-east-1");

            assertThat(r.tests()).allSatisfy(t -> assertThat(t.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT));
            assertThat(r.passed()).isFalse();
            // the simulator counts a request when it answers, after its delay, so the last ones land later
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    tight.sim.requestCount("us-east-1", HAIKU, Op.CONVERSE)).as("retried once").isEqualTo(12));
        }
    }
}
