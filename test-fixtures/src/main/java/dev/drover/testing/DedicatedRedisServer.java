package dev.drover.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives each test of the annotated class or method a Redis server of its own, which the test may stop, kill and
 * restart through {@link TestRedis#server()}. Ignored when {@code DROVER_TEST_REDIS_URL} points at an external server,
 * in which case fault tests are skipped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DedicatedRedisServer {
    /** Append-only file on, fsync always: a restart after SIGKILL keeps every acknowledged write. */
    boolean aof() default true;
}
