package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A {@code certify-batch} that can never succeed fails at once, with its reason, and leaves nothing behind. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class BadBatchTest {

    private static SimulatedBedrock bedrock;
    private CertificationHarness h;

    @BeforeAll
    static void startSimulator() {
        bedrock = new SimulatedBedrock();
    }

    @AfterAll
    static void stopSimulator() {
        bedrock.close();
    }

    @BeforeEach
    void start(TestRedis redis, TestDatabase db) {
        bedrock.reset();
        h = new CertificationHarness(redis, db, bedrock);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"EVERYTHING\",\"regions\":[\"us-east-1\"]}|unknown certification type 'EVERYTHING'",
        "{\"regions\":[\"us-east-1\"]}|type is missing",
        "{\"type\":\"ALL_MODELS\",\"regions\":[]}|regions must name at least one region",
        "{\"type\":\"ALL_MODELS\"}|regions must name at least one region",
        "{\"type\":\"ALL_MODELS\",\"regions\":[\"mars-1\"]}|'mars-1' is not an AWS region name",
        "{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\"],\"modelIds\":[\"acme.nope-v1\"]}|unknown model id(s) [acme.nope-v1]",
        "{\"type\":\"MULTIPLE_MODELS\",\"regions\":[\"us-east-1\"],\"modelIds\":[\"amazon.nova-lite-v1:0\",\"acme.nope-v1\"]}|unknown model id(s) [acme.nope-v1]",
        "{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\"]}|SINGLE_MODEL needs exactly one model id",
        "{\"type\":\"RECERTIFY\",\"regions\":[\"us-east-1\"]}|RECERTIFY found no model with an existing certification",
        "[1,2]|certify-batch data must be a JSON object",
    })
    void failsWithAClearReasonAndWritesNothing(String data, String reason) {
        String id = h.submit(data);

        String failed = h.awaitFailed(id);

        assertThat(failed).contains("invalid certify-batch: " + reason);
        assertThat(h.queue.getJob(id).orElseThrow().attemptsMade()).isEqualTo(1);
        assertThat(h.dsl.fetchCount(CERTIFICATION_JOBS)).isZero();
        assertThat(h.dsl.fetchCount(MODEL_CERTIFICATIONS)).isZero();
        assertThat(h.queue.getJobState("summary-" + id)).isEqualTo(dev.drover.queue.JobState.UNKNOWN);
    }
}
