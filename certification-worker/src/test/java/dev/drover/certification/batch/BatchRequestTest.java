package dev.drover.certification.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.certification.enums.CertificationJobType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link BatchRequest#parse}: what a {@code certify-batch} payload may hold. */
class BatchRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsEveryField() throws Exception {
        UUID id = UUID.randomUUID();
        BatchRequest r = BatchRequest.parse(JSON.readTree("{\"type\":\"MULTIPLE_MODELS\",\"regions\":[\"us-east-1\","
                + "\"eu-west-1\",\"us-east-1\"],\"modelIds\":[\"a.b:0\",\"c.d\"],\"createdBy\":\"u1\","
                + "\"config\":{\"k\":1},\"certificationJobId\":\"" + id + "\"}"));

        assertThat(r.type()).isEqualTo(CertificationJobType.MULTIPLE_MODELS);
        assertThat(r.regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(r.modelIds()).containsExactly("a.b:0", "c.d");
        assertThat(r.createdBy()).isEqualTo("u1");
        assertThat(r.config().get("k").asInt()).isEqualTo(1);
        assertThat(r.certificationJobId()).isEqualTo(id);
    }

    @Test
    void optionalFieldsDefault() throws Exception {
        BatchRequest r = BatchRequest.parse(JSON.readTree("{\"type\":\"ALL_MODELS\",\"regions\":[\"ap-south-1\"]}"));

        assertThat(r.modelIds()).isEmpty();
        assertThat(r.config().isEmpty()).isTrue();
        assertThat(r.createdBy()).isNull();
        assertThat(r.certificationJobId()).isNull();
    }

    @Test
    void rejectsWhatCanNeverWork() {
        assertRejected("{\"type\":\"ALL_MODELS\",\"regions\":[\"us-east-1\"],\"modelIds\":[\"x\"]}",
                "ALL_MODELS certifies every active model; leave modelIds empty");
        assertRejected("{\"type\":\"MULTIPLE_MODELS\",\"regions\":[\"us-east-1\"]}",
                "MULTIPLE_MODELS needs at least one model id");
        assertRejected("{\"type\":\"ALL_MODELS\",\"regions\":\"us-east-1\"}", "regions must be an array of strings");
        assertRejected("{\"type\":\"ALL_MODELS\",\"regions\":[\" \"]}", "regions must hold non-blank strings");
        assertRejected("{\"type\":\"ALL_MODELS\",\"regions\":[\"us-east-1\"],\"config\":[]}",
                "config must be a JSON object");
        assertRejected("{\"type\":\"ALL_MODELS\",\"regions\":[\"us-east-1\"],\"certificationJobId\":\"7\"}",
                "certificationJobId must be a UUID");
    }

    @Test
    void itemJobIdsAreStableAndValidBullmqIds() {
        UUID id = UUID.randomUUID();
        BatchPlan.Item item = new BatchPlan.Item(id, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1");

        assertThat(item.queueJobId()).isEqualTo(new BatchPlan.Item(id, item.modelId(), "us-east-1").queueJobId())
                .isNotEqualTo(new BatchPlan.Item(id, item.modelId(), "us-west-2").queueJobId())
                .doesNotContain(":").startsWith("cert-" + id);
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree(json)))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining(message);
    }
}
