package dev.drover.queue.internal.keys;

import java.util.List;

/**
 * The Redis key names of one queue, exactly as BullMQ lays them out: {@code <prefix>:<queue>:<suffix>} for queue keys
 * and {@code <prefix>:<queue>:<jobId>} for job hashes. Pure naming; nothing here talks to Redis.
 */
public record QueueKeys(String prefix, String queueName) {

    public QueueKeys {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        if (queueName == null || queueName.isEmpty()) {
            throw new IllegalArgumentException("queue name must not be empty");
        }
    }

    /** {@code P:Q:}, the prefix every job key starts with; scripts derive job keys from it. */
    public String base() {
        return prefix + ":" + queueName + ":";
    }

    public String key(String suffix) {
        return base() + suffix;
    }

    public String job(String jobId) {
        return base() + jobId;
    }

    public String logs(String jobId) {
        return job(jobId) + ":logs";
    }

    public String lock(String jobId) {
        return job(jobId) + ":lock";
    }

    public String waitList() { return key("wait"); }
    public String paused() { return key("paused"); }
    public String active() { return key("active"); }
    public String prioritized() { return key("prioritized"); }
    public String pc() { return key("pc"); }
    public String delayed() { return key("delayed"); }
    public String completed() { return key("completed"); }
    public String failed() { return key("failed"); }
    public String waitingChildren() { return key("waiting-children"); }
    public String stalled() { return key("stalled"); }
    public String stalledCheck() { return key("stalled-check"); }
    public String id() { return key("id"); }
    public String meta() { return key("meta"); }
    public String events() { return key("events"); }
    public String marker() { return key("marker"); }
    public String limiter() { return key("limiter"); }

    public String metrics(String type) {
        return key("metrics:" + type);
    }

    /** The eleven keys every worker-side script takes first (lua/includes/queueKeys.lua reads them in this order). */
    public List<String> workerKeys() {
        return List.of(waitList(), active(), prioritized(), events(), stalled(), limiter(), delayed(), paused(), meta(),
                pc(), marker());
    }

    /**
     * The hash tag every key of this queue shares ({@code bull} for prefix {@code {bull}}), or null when the keys
     * have none and so would spread over a Cluster's slots: Redis hashes only what stands between the first
     * {@code {} and the next {@code }}, when that is not empty, and job keys add the job id after {@link #base()}.
     */
    public String hashTag() {
        String b = base();
        int open = b.indexOf('{');
        int close = open < 0 ? -1 : b.indexOf('}', open + 1);
        return close > open + 1 ? b.substring(open + 1, close) : null;
    }

    /**
     * Refuses a name with ':' for a queue to add to or work on, as bullmq 5 and 6 do: {@code P:a:b:wait} would also
     * read as queue {@code a}'s key {@code b:wait}. Reading an existing queue so named (the admin, QueueEvents) is
     * left open, for queues an older bull or bullmq made.
     */
    public static String requireUsableName(String queueName) {
        if (queueName != null && queueName.contains(":")) {
            throw new IllegalArgumentException("queue name '" + queueName + "' contains ':', which BullMQ refuses (its "
                    + "keys would read as another queue's); use '-' or '.' instead");
        }
        return queueName;
    }

    /** Throws a message naming the fix unless every key of this queue lands in one Cluster slot. */
    public void requireOneSlot() {
        if (hashTag() == null) {
            throw new IllegalArgumentException("queue '" + queueName + "' with prefix '" + prefix + "': on Redis "
                    + "Cluster every key of a queue must hash to one slot, so the prefix needs a hash tag: use e.g. "
                    + "--prefix '{" + prefix + "}' (QueueOptions prefix \"{" + prefix + "}\"), as Node bullmq does on "
                    + "Cluster");
        }
    }

    /** The connection name BullMQ gives a queue's clients: {@code P:<base64(Q)>}. */
    public String clientName() {
        return prefix + ":" + java.util.Base64.getEncoder().encodeToString(
                queueName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
