package dev.drover.queue.internal.runtime;

import dev.drover.queue.internal.codec.JobCodec;
import java.util.List;
import java.util.Map;

/**
 * What a fetch (moveToActive, or moveToFinished with fetch next) returned: a job and the lock token it was taken
 * under, or nothing plus why (rate limited for {@code rateLimitTtlMs}; next delayed job due at {@code nextDelayMs}).
 */
record FetchResult(String jobId, Map<String, String> hash, String token, long rateLimitTtlMs, long nextDelayMs) {

    static final FetchResult NONE = new FetchResult(null, Map.of(), null, 0, 0);

    boolean hasJob() {
        return jobId != null;
    }

    /** Decodes the script reply {jobId or "", {fields}, rateLimitTtl, nextDelayTimestamp}. */
    static FetchResult decode(Object reply, String token) {
        if (!(reply instanceof List<?> r) || r.size() < 4) {
            throw new IllegalStateException("unexpected fetch reply: " + reply);
        }
        String id = String.valueOf(r.get(0));
        long ttl = ((Number) r.get(2)).longValue();
        long nextDelay = ((Number) r.get(3)).longValue();
        if (id.isEmpty()) {
            return new FetchResult(null, Map.of(), null, ttl, nextDelay);
        }
        return new FetchResult(id, JobCodec.fromFlat((List<?>) r.get(1)), token, 0, 0);
    }
}
