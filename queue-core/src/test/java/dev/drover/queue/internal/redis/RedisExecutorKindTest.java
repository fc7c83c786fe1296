package dev.drover.queue.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.QueueException;
import dev.drover.queue.QueueException.Kind;
import dev.drover.queue.RedisConfig;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** An error Redis answers for the call itself (a script error, a wrong type) is told apart from an outage. */
@ExtendWith(RedisExtension.class)
class RedisExecutorKindTest {

    @Test
    void errorsOfTheCallAreCommandErrorsAndNotNowRepliesAreOutages() {
        assertThat(Failures.kindOf(new JedisDataException("ERR user_script:1: Script attempted to access nil")))
                .isEqualTo(Kind.COMMAND_ERROR);
        assertThat(Failures.kindOf(new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind")))
                .isEqualTo(Kind.COMMAND_ERROR);
        assertThat(Failures.kindOf(new JedisConnectionException("Connection reset"))).isEqualTo(Kind.REDIS);
        assertThat(Failures.kindOf(new JedisDataException("LOADING Redis is loading the dataset in memory")))
                .isEqualTo(Kind.REDIS);
        assertThat(Failures.kindOf(new JedisDataException("BUSY Redis is busy running a script"))).isEqualTo(Kind.REDIS);
        assertThat(Failures.kindOf(new JedisDataException("READONLY You can't write against a read only replica")))
                .isEqualTo(Kind.REDIS);
        assertThat(Failures.kindOf(new JedisNoScriptException("NOSCRIPT No matching script"))).isEqualTo(Kind.REDIS);
        assertThat(Failures.kindOf(new JedisAccessControlException("WRONGPASS invalid username-password pair")))
                .isEqualTo(Kind.REDIS);
    }

    @Test
    void aScriptThatRaisesInRedisIsACommandError(TestRedis redis) {
        try (RedisExecutor ex = new RedisExecutor(RedisConfig.fromUrl(redis.url()), 2)) {
            String key = redis.prefix() + ":h";
            ex.call(j -> j.hset(key, "f", "abc"));
            assertThatThrownBy(() -> ex.call(j -> j.eval("return redis.call('HINCRBY', KEYS[1], 'f', 1)", 1, key)))
                    .isInstanceOf(QueueException.class).extracting(e -> ((QueueException) e).kind())
                    .isEqualTo(Kind.COMMAND_ERROR);
        }
    }
}
