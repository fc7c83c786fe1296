package dev.drover.queue.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.QueueException;
import dev.drover.queue.QueueException.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Outages are retried; an error of the call itself (COMMAND_ERROR) is thrown at once, never retried. */
class RedisRetryTest {

    private final RedisRetry retry = new RedisRetry("t", () -> true);

    @Test
    void anOutageIsRetriedUntilTheCallGoesThrough() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retry.call("x", () -> {
            if (calls.incrementAndGet() < 3) throw new QueueException(Kind.REDIS, "connection reset");
            return "ok";
        })).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCommandErrorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("x", () -> {
            calls.incrementAndGet();
            throw new QueueException(Kind.COMMAND_ERROR, "ERR user_script:1: boom");
        })).extracting(e -> ((QueueException) e).kind()).isEqualTo(Kind.COMMAND_ERROR);
        assertThat(calls).hasValue(1);
    }
}
