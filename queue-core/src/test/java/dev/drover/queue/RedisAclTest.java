package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** A queue and a worker log in as an ACL user from the URL, and a wrong password fails clearly without showing it. */
@ExtendWith(RedisExtension.class)
class RedisAclTest {

    private final TestRedis redis;
    private final String user;

    RedisAclTest(TestRedis redis) {
        this.redis = redis;
        this.user = "u-" + redis.prefix();
        try (Jedis admin = redis.jedis()) {
            // Only this test's keys, and the commands a queue needs; no admin commands.
            admin.aclSetUser(user, "reset", "on", ">s3cret pw", "~" + redis.prefix() + ":*", "&*", "+@all", "-@admin",
                    "+client|setname", "+client|list", "+info");
        }
    }

    @AfterEach
    void dropUser() {
        try (Jedis admin = redis.jedis()) {
            admin.aclDelUser(user);
        }
    }

    @Test
    void queueAndWorkerAuthenticateAsTheUrlsAclUser() {
        String url = "redis://" + user + ":s3cret%20pw@" + redis.host() + ":" + redis.port();
        QueueOptions qo = QueueOptions.builder().redisUrl(url).prefix(redis.prefix()).build();
        try (Queue queue = new Queue("acl", qo)) {
            Worker worker = new Worker("acl", job -> "ok", WorkerOptions.builder().build(), qo).start();
            try {
                String id = queue.add("ping", Map.of());
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
            } finally {
                worker.close(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        String url = "redis://" + user + ":not-the-password@" + redis.host() + ":" + redis.port();
        QueueOptions qo = QueueOptions.builder().redisUrl(url).prefix(redis.prefix()).build();
        assertThatThrownBy(() -> {
            try (Queue queue = new Queue("acl", qo)) {
                queue.add("ping", Map.of());
            }
        }).hasMessageNotContaining("not-the-password");
        assertThat(RedisConfig.fromUrl(url).toString()).doesNotContain("not-the-password").contains(user);
    }

    @Test
    void urlFormsAreParsed() {
        RedisConfig c = RedisConfig.fromUrl("rediss://bob:p%40ss@cache.internal:6380/3");
        assertThat(c.ssl()).isTrue();
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.password()).isEqualTo("p@ss");
        assertThat(c.port()).isEqualTo(6380);
        assertThat(c.database()).isEqualTo(3);
        RedisConfig passwordOnly = RedisConfig.fromUrl("redis://:only@h");
        assertThat(passwordOnly.user()).isNull();
        assertThat(passwordOnly.password()).isEqualTo("only");
        assertThat(passwordOnly.port()).isEqualTo(RedisConfig.DEFAULT_PORT);
        assertThatThrownBy(() -> RedisConfig.fromUrl("http://h")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://h/x")).hasMessageContaining("database (path) must be a number");
    }
}
