package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A BullMQ {@code Job} as the Node side sees it (read through bullmq's own {@code Job.fromId}).
 *
 * <p>Accessors return {@code null} for fields BullMQ leaves unset. {@link #state()} is filled by
 * {@code job.getState()} when the job was read with its state (the default).
 *
 * @param json the job as sent by the driver
 */
public record NodeJob(JsonNode json) {

    /** The job id. */
    public String id() {
        return text("id");
    }

    /** The job name. */
    public String name() {
        return text("name");
    }

    /** The decoded job data. */
    public JsonNode data() {
        return json.path("data");
    }

    /** The job options as BullMQ decoded them (long names). */
    public JsonNode opts() {
        return json.path("opts");
    }

    /** The progress value (a number or any JSON). */
    public JsonNode progress() {
        return json.path("progress");
    }

    /** The decoded return value ({@code null} JSON node when none). */
    public JsonNode returnvalue() {
        return json.path("returnvalue");
    }

    /** The failure reason, or {@code null}. */
    public String failedReason() {
        return text("failedReason");
    }

    /** The stack traces kept for failed attempts (empty when none). */
    public List<String> stacktrace() {
        List<String> out = new ArrayList<>();
        json.path("stacktrace").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code atm}: finished attempts. */
    public int attemptsMade() {
        return json.path("attemptsMade").asInt();
    }

    /** {@code ats}: started attempts. */
    public int attemptsStarted() {
        return json.path("attemptsStarted").asInt();
    }

    /** {@code stc}: times the job stalled. */
    public int stalledCounter() {
        return json.path("stalledCounter").asInt();
    }

    /** Creation time, ms epoch. */
    public Long timestamp() {
        return number("timestamp");
    }

    /** Start of the last attempt, ms epoch, or {@code null}. */
    public Long processedOn() {
        return number("processedOn");
    }

    /** End of the last attempt, ms epoch, or {@code null}. */
    public Long finishedOn() {
        return number("finishedOn");
    }

    /** The job's {@code delay} field in ms, or {@code null}. */
    public Long delay() {
        return number("delay");
    }

    /** The priority (0 = none), or {@code null}. */
    public Integer priority() {
        Long p = number("priority");
        return p == null ? null : p.intValue();
    }

    /** {@code parentKey} ({@code prefix:queue:id}), or {@code null}. */
    public String parentKey() {
        return text("parentKey");
    }

    /** The job scheduler id ({@code rjk}), or {@code null}. */
    public String repeatJobKey() {
        return text("repeatJobKey");
    }

    /** The deduplication id ({@code deid}), or {@code null}. */
    public String deduplicationId() {
        return text("deduplicationId");
    }

    /** The worker name that processed it ({@code pb}), or {@code null}. */
    public String processedBy() {
        return text("processedBy");
    }

    /**
     * The state from {@code job.getState()}: {@code waiting}, {@code active}, {@code delayed},
     * {@code prioritized}, {@code waiting-children}, {@code completed}, {@code failed} or {@code unknown}; or
     * {@code null} when not read.
     */
    public String state() {
        return text("state");
    }

    private String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private Long number(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() || !n.isNumber() && !n.isTextual() ? null : n.asLong();
    }

    @Override
    public String toString() {
        return "NodeJob" + json;
    }
}
