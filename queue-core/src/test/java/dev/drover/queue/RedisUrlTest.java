package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.RedisConfig.Mode;
import dev.drover.queue.RedisConfig.Node;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every URL form parses to the config it names, and every malformed one fails in one line without its password. */
class RedisUrlTest {

    @Test
    void sentinelUrlNamesSentinelsMasterCredentialsAndDatabase() {
        RedisConfig c = RedisConfig.fromUrl("redis-sentinel://app:s3cr%2Bt@10.0.0.1:26379,[::1]:26380,s3/mymaster?db=2"
                + "&sentinelUser=watch&sentinelPassword=w%26p");
        assertThat(c.mode()).isEqualTo(Mode.SENTINEL);
        assertThat(c.nodes()).containsExactly(new Node("10.0.0.1", 26379), new Node("::1", 26380),
                new Node("s3", RedisConfig.DEFAULT_SENTINEL_PORT));
        assertThat(c.masterName()).isEqualTo("mymaster");
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("s3cr+t");
        assertThat(c.database()).isEqualTo(2);
        assertThat(c.sentinelUser()).isEqualTo("watch");
        assertThat(c.sentinelPassword()).isEqualTo("w&p");
        assertThat(c.ssl()).isFalse();
        assertThat(c.toString()).isEqualTo("redis-sentinel://app@10.0.0.1:26379,[::1]:26380,s3:26379/mymaster?db=2")
                .doesNotContain("s3cr").doesNotContain("w&p");
    }

    @Test
    void clusterUrlNamesSeedsAndTlsVariantsSetTls() {
        RedisConfig c = RedisConfig.fromUrl("rediss-cluster://:pw@a:7000,b:7001");
        assertThat(c.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(c.nodes()).containsExactly(new Node("a", 7000), new Node("b", 7001));
        assertThat(c.ssl()).isTrue();
        assertThat(c.user()).isNull();
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.toString()).isEqualTo("rediss-cluster://a:7000,b:7001");
        assertThat(RedisConfig.fromUrl("rediss-sentinel://s:1/m").ssl()).isTrue();
        assertThat(RedisConfig.fromUrl("redis://h").mode()).isEqualTo(Mode.STANDALONE);
    }

    @Test
    void builderMakesTheSameConfigs() {
        RedisConfig built = RedisConfig.builder().sentinel("mymaster", List.of(new Node("s1", 26379)))
                .credentials("app", "pw").database(1).build();
        assertThat(built).isEqualTo(RedisConfig.fromUrl("redis-sentinel://app:pw@s1:26379/mymaster?db=1"));
        RedisConfig cluster = RedisConfig.builder().cluster(List.of(new Node("a", 7000))).ssl(true).build();
        assertThat(cluster).isEqualTo(RedisConfig.fromUrl("rediss-cluster://a:7000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis-sentinel://u:TOPSECRET@s1:26379",                  // no master name
            "redis-cluster://u:TOPSECRET@a:7000/3",                  // cluster has database 0 only
            "redis-cluster://u:TOPSECRET@a:notaport",
            "redis://u:TOPSECRET@a:1,b:2",                           // several hosts need a multi-host scheme
            "redis-sentinel://u:TOPSECRET@s1/m?sentinelPassword=TOPSECRET&bogus=1",
            "redis-sentinel://u:TOPSECRET@s1/m?db=x",
            "http://u:TOPSECRET@h",
            "u:TOPSECRET@h:6379",
            "redis://u:TOPSECRET@[::1:6379",
            "redis://u:TOPSECRET@h/x",
            "redis://u:TOPSECRET@h?db=1",
            "redis-cluster://u:TOPSECRET@a:7000?sentinelUser=x",
            "redis://:TOPSECRET",                                    // a login without its '@'
            "redis://u:TOPSECRET%zz@h",                              // a broken %-escape in the password
            "redis://TOPSECRET host:1"})
    void malformedUrlsFailInOneLineWithoutThePassword(String url) {
        assertThatThrownBy(() -> RedisConfig.fromUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid redis url")
                .hasMessageNotContaining("TOPSECRET")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis-sentinel://s1:26379"))
                .hasMessageContaining("names its master");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://a:1,b:2"))
                .hasMessageContaining("redis-sentinel:// or redis-cluster://");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis-cluster://u:pw@a:1,b:x")).hasMessage(
                "invalid redis url: the port of host 2 is not a number");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://u:pw%zz@h:1")).hasMessageContaining("%25")
                .hasMessageNotContaining("pw");
    }
}
