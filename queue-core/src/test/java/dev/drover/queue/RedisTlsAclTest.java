package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.TlsRedisExtension;
import dev.drover.testing.redis.TlsAclRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An ACL user over {@code rediss://} trusting a private CA file: a queue and a worker run a job, and the probe the
 * daemons' health checks use answers; the same probe refuses a server whose certificate does not name it and one
 * whose CA is not trusted.
 */
@ExtendWith(TlsRedisExtension.class)
class RedisTlsAclTest {

    @Test
    void queueWorkerAndProbeLogInAsTheAclUserOverVerifiedTls(TlsAclRedis tls) {
        RedisConfig redis = RedisConfig.fromUrl(tls.url()).withTlsCaFile(tls.caFile());
        assertThat(redis.user()).isEqualTo(TlsAclRedis.USER);
        QueueOptions qo = QueueOptions.builder().redis(redis).prefix("tlsacl").build();
        try (Queue queue = new Queue("tls", qo);
             Worker worker = new Worker("tls", job -> "ok", WorkerOptions.builder().build(), qo).start()) {
            String id = queue.add("ping", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        }
        assertThat(RedisProbe.ping(redis, Duration.ofSeconds(2))).isNull();
    }

    @Test
    void theProbeRefusesAWrongNameAndAnUntrustedCa(TlsAclRedis tls) {
        RedisConfig wrongName = RedisConfig.fromUrl(tls.wrongNameUrl()).withTlsCaFile(tls.caFile());
        assertThat(RedisProbe.ping(wrongName, Duration.ofSeconds(2)))
                .contains("No subject alternative names matching IP address 127.0.0.2");
        assertThat(RedisProbe.ping(RedisConfig.fromUrl(tls.url()), Duration.ofSeconds(2)))
                .contains("unable to find valid certification path");
    }
}
