package dev.drover.testing.sim.sprinthub;

import java.time.Duration;

/**
 * A scripted misbehaviour of the simulator, answered instead of the real response.
 *
 * <p>{@link Status} sends an error status (with {@code Retry-After} when given), {@link MalformedJson} a 200 whose body
 * is cut short, {@link Hang} waits before answering normally, so a client with a shorter timeout gives up first.
 */
public sealed interface SimFault {

    /** An HTTP error status; {@code retryAfterSeconds} below zero means no {@code Retry-After} header. */
    record Status(int code, int retryAfterSeconds) implements SimFault {
    }

    /** A 200 with a JSON body truncated in the middle. */
    record MalformedJson() implements SimFault {
    }

    /** Waits {@code delay}, then answers normally. */
    record Hang(Duration delay) implements SimFault {
    }

    static SimFault status(int code) {
        return new Status(code, -1);
    }

    static SimFault tooManyRequests(int retryAfterSeconds) {
        return new Status(429, retryAfterSeconds);
    }

    static SimFault malformedJson() {
        return new MalformedJson();
    }

    static SimFault hang(Duration delay) {
        return new Hang(delay);
    }
}
