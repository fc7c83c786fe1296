package dev.drover.sync.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.sim.sprinthub.SimFault;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SprintHubClientTest {

    private static final String TOKEN = "s3cr3t-token-value";

    private SprintHubSimulator sim;
    private SprintHubClient client;

    @BeforeEach
    void start() {
        sim = SprintHubSimulator.start(TOKEN, "oficialmed");
        sim.segment(10).addLeads(1, 25);
        client = new SprintHubClient(config(TOKEN), RequestRateLimiter.unlimited());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private SprintHubConfig config(String token) {
        return SprintHubConfig.of(sim.baseUrl(), token, "oficialmed").withPageSize(10)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withRetry(3, Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    @Test
    void pagesThroughASegment() {
        LeadPage first = client.fetchPage(10, 0);
        LeadPage last = client.fetchPage(10, 2);
        LeadPage past = client.fetchPage(10, 3);

        assertThat(first.total()).isEqualTo(25);
        assertThat(first.leads()).hasSize(10);
        assertThat(first.leads().getFirst().path("id").asLong()).isEqualTo(1);
        assertThat(first.leads().getFirst().path("updateDate").isTextual()).isTrue();
        assertThat(last.leads()).extracting(l -> l.path("id").asLong()).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(past.leads()).isEmpty();
        assertThat(first.attempts()).isEqualTo(1);
    }

    @Test
    void acceptsAnswersWithoutTheDataWrapper() {
        sim.unwrapped(true);

        LeadPage page = client.fetchPage(10, 1);

        assertThat(page.total()).isEqualTo(25);
        assertThat(page.leads()).hasSize(10);
    }

    @Test
    void fetchesAFullLead() {
        assertThat(client.fetchLead(7).path("email").asText()).isEqualTo("lead7@example.com");
    }

    @Test
    void waitsAsLongAsRetryAfterSaysThenSucceeds() {
        sim.failPage(10, 0, SimFault.tooManyRequests(1), 1);

        long start = System.nanoTime();
        LeadPage page = client.fetchPage(10, 0);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(page.attempts()).isEqualTo(2);
        assertThat(page.leads()).hasSize(10);
    }

    @Test
    void retriesAServerErrorThenSucceeds() {
        sim.failPage(10, 1, SimFault.status(500), 1);

        LeadPage page = client.fetchPage(10, 1);

        assertThat(page.attempts()).isEqualTo(2);
        assertThat(sim.pagesRequested(10)).containsExactly(1, 1);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheStatus() {
        sim.failPage(10, 0, SimFault.status(503), 5);

        assertThatThrownBy(() -> client.fetchPage(10, 0))
                .isInstanceOfSatisfying(SprintHubException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("segment 10 page 0").hasMessageContaining("HTTP 503");
        assertThat(sim.requestCount()).isEqualTo(3);
    }

    @Test
    void badTokenIsTerminalAndNeverPrintsTheToken() {
        SprintHubClient wrong = new SprintHubClient(config("wrong-" + TOKEN), RequestRateLimiter.unlimited());

        assertThatThrownBy(() -> wrong.fetchPage(10, 0))
                .isInstanceOfSatisfying(SprintHubAuthException.class, e -> assertThat(e.attempts()).isEqualTo(1))
                .hasMessageContaining("HTTP 401").hasMessageContaining("SPRINTHUB_API_TOKEN")
                .hasMessageContaining("apitoken=***").hasMessageNotContaining(TOKEN);
        assertThat(sim.requestCount()).isEqualTo(1);
        assertThat(wrong.toString()).doesNotContain(TOKEN);
    }

    @Test
    void unknownSegmentIsTerminal() {
        assertThatThrownBy(() -> client.fetchPage(999, 0))
                .isInstanceOfSatisfying(SprintHubException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP 404").hasMessageContaining("segment 999");
        assertThat(sim.requestCount()).isEqualTo(1);
    }

    @Test
    void retriesMalformedJsonThenSucceeds() {
        sim.failPage(10, 0, SimFault.malformedJson(), 1);

        assertThat(client.fetchPage(10, 0).attempts()).isEqualTo(2);
    }

    @Test
    void persistentlyMalformedJsonFailsWithAClearReason() {
        sim.failPage(10, 0, SimFault.malformedJson(), 3);

        assertThatThrownBy(() -> client.fetchPage(10, 0))
                .isInstanceOf(SprintHubException.class).hasMessageContaining("malformed JSON")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aPageThatHangsPastTheTimeoutIsRetried() {
        sim.failPage(10, 2, SimFault.hang(Duration.ofSeconds(3)), 1);

        LeadPage page = client.fetchPage(10, 2);

        assertThat(page.attempts()).isEqualTo(2);
        assertThat(page.leads()).hasSize(5);
    }

    @Test
    void configAcceptsABaseUrlWithoutScheme() {
        SprintHubConfig cfg = SprintHubConfig.fromEnv(java.util.Map.of(
                "VITE_SPRINTHUB_BASE_URL", "sprinthub-api-master.sprinthub.app/",
                "SPRINTHUB_API_TOKEN", TOKEN, "SPRINTHUB_INSTANCE", "oficialmed", "SPRINTHUB_PAGE_SIZE", "250"));

        assertThat(cfg.baseUrl()).hasToString("https://sprinthub-api-master.sprinthub.app");
        assertThat(cfg.pageSize()).isEqualTo(250);
        assertThat(cfg.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> SprintHubConfig.fromEnv(java.util.Map.of("SPRINTHUB_BASE_URL", "x.app")))
                .hasMessageContaining("SPRINTHUB_API_TOKEN");
    }
}
