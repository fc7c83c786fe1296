package dev.drover.queue.internal.runtime;

import dev.drover.queue.internal.codec.JobCodec;
import java.util.List;
import java.util.Map;

/**
 * What a fetch (moveToActive, or moveToFinished with fetch next) returned: a job and the lock token it was taken
 * under, or nothing plus why (rate limited for {@code rateLimitTtlMs}; next delayed job due at {@code nextDelayMs}).
 * With a job, {@code moreReady} is false when the fetch saw no other ready job (then {@code nextDelayMs} is the next
 * delayed job's time, 0 for none), so the caller can block on the marker instead of fetching again.
 */
record FetchResult(String jobId, Map<String, String> hash, String token, long rateLimitTtlMs, long nextDelayMs,
                   boolean moreReady) {

    static final FetchResult NONE = new FetchResult(null, Map.of(), null, 0, 0, false);

    boolean hasJob() {
        return jobId != null;
    }

    /** Decodes the script reply {jobId or "", {fields}, rateLimitTtl, nextDelayTimestamp[, moreReady 1/0]}. */
    static FetchResult decode(Object reply, String token) {
        if (!(reply instanceof List<?> r) || r.size() < 4) {
            throw new IllegalStateException("unexpected fetch reply: " + reply);
        }
        String id = String.valueOf(r.get(0));
        long ttl = ((Number) r.get(2)).longValue();
        long nextDelay = ((Number) r.get(3)).longValue();
        if (id.isEmpty()) {
            return new FetchResult(null, Map.of(), null, ttl, nextDelay, false);
        }
        boolean more = r.size() < 5 || ((Number) r.get(4)).longValue() != 0;
        return new FetchResult(id, JobCodec.fromFlat((List<?>) r.get(1)), token, 0, nextDelay, more);
    }
}
