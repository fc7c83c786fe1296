package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An unsolicited line from the Node driver.
 *
 * <p>Kinds ({@link #event()}):
 * <ul>
 *   <li>{@code processed}: a Node worker completed a job ({@code jobId, name, returnvalue, attemptsMade,
 *       attemptsStarted, processedOn, finishedOn, worker, queue});</li>
 *   <li>{@code failed}: a Node worker's attempt failed ({@code jobId, name, failedReason, errorName,
 *       attemptsMade, finishedOn, worker, queue}); emitted for every failed attempt, including ones that
 *       will be retried;</li>
 *   <li>{@code active}, {@code progress} ({@code progress}), {@code stalled} ({@code jobId, prev}): worker
 *       events;</li>
 *   <li>{@code queueEvent}: an entry of the queue's events stream read by a BullMQ {@code QueueEvents}
 *       ({@code eventsId, queue, type, args, streamId}); {@link #type()} is BullMQ's event name, e.g.
 *       {@code completed};</li>
 *   <li>{@code error}: an error BullMQ emitted ({@code source, message}).</li>
 * </ul>
 *
 * @param json the whole line as sent
 */
public record NodeEvent(JsonNode json) {

    /** The kind of line: {@code processed}, {@code failed}, {@code queueEvent}, … */
    public String event() {
        return json.path("event").asText();
    }

    /** For {@code queueEvent}: BullMQ's event name ({@code added}, {@code completed}, …); else {@link #event()}. */
    public String type() {
        return json.has("type") ? json.get("type").asText() : event();
    }

    /** The queue name, or {@code null}. */
    public String queue() {
        return text(json.get("queue"));
    }

    /** The key prefix of the queue ({@code bull} when BullMQ's default), or {@code null}. */
    public String prefix() {
        return text(json.get("prefix"));
    }

    /** The job id ({@code args.jobId} for queue events), or {@code null}. */
    public String jobId() {
        JsonNode id = json.has("jobId") ? json.get("jobId") : json.path("args").get("jobId");
        return text(id);
    }

    /** The worker handle id for worker events, or {@code null}. */
    public String workerId() {
        return text(json.get("worker"));
    }

    /** The QueueEvents handle id for queue events, or {@code null}. */
    public String eventsId() {
        return text(json.get("eventsId"));
    }

    /** For {@code queueEvent}: the event's fields (already decoded by BullMQ, e.g. {@code returnvalue}). */
    public JsonNode args() {
        return json.path("args");
    }

    /** A field of the line, or a missing node. */
    public JsonNode get(String field) {
        return json.path(field);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
