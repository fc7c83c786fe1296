package dev.drover.queue.internal.runtime;

import dev.drover.queue.QueueException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Redis call through outages (a restart, a dropped connection: {@link QueueException.Kind#REDIS}) with
 * capped exponential backoff, for as long as {@code keepTrying} holds; an error of the call itself
 * ({@link QueueException.Kind#COMMAND_ERROR}, e.g. a script error) is thrown at once, since repeating it cannot
 * help. Only for calls that are safe to repeat: our finishing scripts are, because a repeat of a call that did run
 * recognises it and answers as the first run did.
 */
final class RedisRetry {

    private static final Logger log = LoggerFactory.getLogger(RedisRetry.class);
    private static final long MAX_BACKOFF_MS = 2_000;

    private final String label;
    private final BooleanSupplier keepTrying;

    RedisRetry(String label, BooleanSupplier keepTrying) {
        this.label = label;
        this.keepTrying = keepTrying;
    }

    <T> T call(String what, Supplier<T> body) {
        long backoff = 50;
        while (true) {
            try {
                return body.get();
            } catch (QueueException e) {
                if (e.kind() != QueueException.Kind.REDIS || !keepTrying.getAsBoolean()) {
                    throw e;
                }
                log.warn("[{}] redis unavailable during {}; retrying in {} ms: {}", label, what, backoff, e.getMessage());
                pause(Duration.ofMillis(backoff));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(QueueException.Kind.REDIS, "interrupted while waiting for redis", e);
        }
    }
}
