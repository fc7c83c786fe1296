package dev.drover.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificationConfigTest {

    @Test
    void emptyEnvironmentMeansDefaultsAndAwsEndpoints() {
        CertificationConfig c = CertificationConfig.fromEnv(Map.of());

        assertThat(c).isEqualTo(CertificationConfig.defaults());
        assertThat(c.runtimeEndpointFor("us-east-1")).isEmpty();
    }

    @Test
    void endpointTemplatesAreExpandedPerRegion() {
        CertificationConfig c = CertificationConfig.fromEnv(Map.of(
                "BEDROCK_ENDPOINT", "http://127.0.0.1:4566/{region}",
                "BEDROCK_RUNTIME_ENDPOINT", "https://bedrock-runtime.{region}.example.com",
                "BEDROCK_CALL_TIMEOUT_MS", "1500",
                "BEDROCK_RETRY_ATTEMPTS", "2",
                "BEDROCK_REGION_RATE_PER_SECOND", "9"));

        assertThat(c.controlEndpointFor("eu-west-1")).contains(URI.create("http://127.0.0.1:4566/eu-west-1"));
        assertThat(c.runtimeEndpointFor("ap-south-1"))
                .contains(URI.create("https://bedrock-runtime.ap-south-1.example.com"));
        assertThat(c.callTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.retryAttempts()).isEqualTo(2);
        assertThat(c.regionRatePerSecond()).isEqualTo(9);
    }

    @Test
    void badValuesAreRejectedWithTheVariableName() {
        assertThatThrownBy(() -> CertificationConfig.fromEnv(Map.of("BEDROCK_RETRY_ATTEMPTS", "0")))
                .hasMessageContaining("BEDROCK_RETRY_ATTEMPTS");
        assertThatThrownBy(() -> CertificationConfig.fromEnv(Map.of("BEDROCK_CALL_TIMEOUT_MS", "soon")))
                .hasMessageContaining("BEDROCK_CALL_TIMEOUT_MS");
        assertThatThrownBy(() -> CertificationConfig.fromEnv(Map.of("BEDROCK_ENDPOINT", "localhost")))
                .hasMessageContaining("BEDROCK_ENDPOINT");
    }
}
