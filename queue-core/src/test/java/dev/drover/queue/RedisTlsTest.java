package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.TlsRedisExtension;
import dev.drover.testing.redis.TlsAclRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code rediss://} end to end against a TLS-only redis-server whose certificate a throwaway CA signed: a queue and
 * a worker trusting that CA run a job; without the CA, or over plain {@code redis://}, connecting fails clearly.
 * Skipped when the redis-server in use was built without TLS.
 */
@ExtendWith(TlsRedisExtension.class)
class RedisTlsTest {

    /** The TLS server shared by this JVM's TLS tests, used here as its default user (no login). */
    private final TlsAclRedis server;

    RedisTlsTest(TlsAclRedis server) {
        this.server = server;
    }

    private static QueueOptions options(RedisConfig redis) {
        return QueueOptions.builder().redis(redis).prefix("tls").build();
    }

    @Test
    void queueAndWorkerRunAJobOverTlsTrustingTheCaFile() {
        RedisConfig redis = RedisConfig.fromUrl("rediss://127.0.0.1:" + server.port())
                .withTlsCaFile(server.caFile());
        assertThat(redis.ssl()).isTrue();
        QueueOptions qo = options(redis);
        try (Queue queue = new Queue("tls", qo)) {
            Worker worker = new Worker("tls", job -> "pong:" + job.data().get("n"), WorkerOptions.builder().build(), qo)
                    .start();
            try {
                String id = queue.add("ping", Map.of("n", 7));
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
                assertThat(queue.getJob(id).orElseThrow().returnValue().asText()).isEqualTo("pong:7");
            } finally {
                worker.close(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anUntrustedServerCertificateIsRejected() {
        // The JVM's default trust store does not hold the throwaway CA: verification is on, so this must fail.
        QueueOptions qo = options(RedisConfig.fromUrl("rediss://127.0.0.1:" + server.port()));
        assertThatThrownBy(() -> {
            try (Queue queue = new Queue("tls", qo)) {
                queue.add("ping", Map.of());
            }
        }).isInstanceOf(QueueException.class)
                .hasMessageContaining("rediss://127.0.0.1:" + server.port())
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void aServerWhoseCertificateDoesNotNameItIsRejected() {
        // The server also listens on 127.0.0.2, which its certificate (localhost, 127.0.0.1) does not name.
        QueueOptions qo = options(RedisConfig.fromUrl("rediss://127.0.0.2:" + server.port())
                .withTlsCaFile(server.caFile()));
        assertThatThrownBy(() -> {
            try (Queue queue = new Queue("tls", qo)) {
                queue.add("ping", Map.of());
            }
        }).isInstanceOf(QueueException.class)
                .hasMessageContaining("No subject alternative names matching IP address 127.0.0.2");
    }

    @Test
    void plainRedisToTheTlsPortFailsClearly() {
        QueueOptions qo = options(RedisConfig.fromUrl("redis://127.0.0.1:" + server.port()));
        assertThatThrownBy(() -> {
            try (Queue queue = new Queue("tls", qo)) {
                queue.add("ping", Map.of());
            }
        }).isInstanceOf(QueueException.class)
                .hasMessageContaining("redis://127.0.0.1:" + server.port())
                .hasMessageContaining("if it requires TLS, use rediss://");
    }
}
