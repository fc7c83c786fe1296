package dev.drover.queue.internal.script;

/**
 * What a worker tells the fetch step: the lock token for the job it gets, the lock duration, its name (stored as
 * {@code pb}) and its own rate limit (0 = none; the queue's meta max/duration wins when set).
 */
public record FetchArgs(String token, long lockDurationMs, String workerName, int limiterMax, long limiterDurationMs) {
}
