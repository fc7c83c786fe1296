package dev.drover.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a processor may return to say how its job ends, when a plain return value (completed) and an exception
 * (failed, retried per attempts) are not enough.
 */
public sealed interface JobOutcome {

    /** The job completed with {@code value} (stored as JSON; null allowed). */
    record Completed(Object value) implements JobOutcome {
    }

    /** Move the job to delayed until {@code runAt}; this does not count as a failed attempt. */
    record Delayed(Instant runAt) implements JobOutcome {
        public Delayed {
            Objects.requireNonNull(runAt, "runAt");
        }
    }

    /**
     * The processor hit a rate limit: the job goes back to wait without counting an attempt, this worker fetches
     * nothing for {@code duration}, and the queue's limiter is set for that long, which holds every worker that has
     * a limiter of its own (BullMQ's manual rate limit: {@code worker.rateLimit} plus {@code RateLimitError}).
     */
    record RateLimited(Duration duration) implements JobOutcome {
        public RateLimited {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("rate limit duration must be > 0, got " + duration);
            }
        }
    }

    static JobOutcome completed(Object value) {
        return new Completed(value);
    }

    static JobOutcome delayUntil(Instant runAt) {
        return new Delayed(runAt);
    }

    static JobOutcome rateLimited(Duration wait) {
        return new RateLimited(wait);
    }
}
