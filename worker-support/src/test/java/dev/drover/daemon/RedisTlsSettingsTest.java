package dev.drover.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.RedisConfig;
import dev.drover.testing.TlsRedisExtension;
import dev.drover.testing.redis.TlsAclRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * REDIS_URL and REDIS_TLS_CA as every daemon reads them, and the readiness check over them: an ACL user over TLS
 * with the CA file passes; the same server under a name its certificate lacks, or without the CA, fails.
 */
@ExtendWith(TlsRedisExtension.class)
class RedisTlsSettingsTest {

    @Test
    void theHealthCheckLogsInOverVerifiedTlsWithTheCaFile(TlsAclRedis tls) {
        RedisConfig redis = ConnectionUrls.redis(tls.url(), tls.caFile().toString());
        assertThat(Backends.pingRedis(redis)).isNull();
        assertThat(Backends.pingRedis(ConnectionUrls.redis(tls.wrongNameUrl(), tls.caFile().toString())))
                .contains("No subject alternative names matching IP address 127.0.0.2");
        assertThat(Backends.pingRedis(ConnectionUrls.redis(tls.url(), null)))
                .contains("unable to find valid certification path");
    }

    @Test
    void badSettingsNameTheVariableAndNeverThePassword() {
        assertThatThrownBy(() -> ConnectionUrls.redis("redis-sentinel://u:hunter2@s1:26379", null))
                .isInstanceOf(StartupException.class).hasMessageStartingWith("REDIS_URL (--redis-url)")
                .hasMessageContaining("names its master").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrls.redis("redis://h", "/no/such/ca.pem"))
                .hasMessageStartingWith("REDIS_TLS_CA (--redis-tls-ca)").hasMessageContaining("/no/such/ca.pem");
        assertThatThrownBy(() -> ConnectionUrls.redis(" ", null)).hasMessageContaining("REDIS_URL");
    }
}
