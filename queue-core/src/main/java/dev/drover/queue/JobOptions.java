package dev.drover.queue;

import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.codec.OptionsCodec;

/**
 * Options of one job, as BullMQ names them in the job's {@code opts} JSON. Immutable; build with {@link #builder()}.
 * {@link Builder#build()} validates every option and fails with a message naming it, so invalid options never
 * reach Redis.
 *
 * @param jobId            custom id, or null for the queue's auto id; not an integer string and no ':'
 * @param delay            ms before the job may run (>= 0)
 * @param priority         0 (none) or 1 (highest) .. 2^21-1 (lowest)
 * @param lifo             run before older waiting jobs
 * @param attempts         total tries (0 and 1 both mean a single try)
 * @param backoff          wait between tries, or null for an immediate retry
 * @param removeOnComplete what to keep once completed
 * @param removeOnFail     what to keep once failed for good
 * @param stackTraceLimit  stack traces kept on the job, or null for BullMQ's default (10)
 * @param keepLogs         log lines kept, or null for all
 * @param deduplication    deduplication ({@code de}), or null for none
 * @param parentFailurePolicy what this job's final failure does to its flow parent (only for flow children)
 */
public record JobOptions(String jobId, long delay, int priority, boolean lifo, int attempts, Backoff backoff,
                         KeepJobs removeOnComplete, KeepJobs removeOnFail, Integer stackTraceLimit,
                         Integer keepLogs, Deduplication deduplication, ParentFailurePolicy parentFailurePolicy) {

    public static final int MAX_PRIORITY = (1 << 21) - 1;
    public static final int DEFAULT_STACK_TRACE_LIMIT = 10;
    public static final JobOptions DEFAULTS = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().jobId(jobId).delay(delay).priority(priority).lifo(lifo).attempts(attempts)
                .backoff(backoff).removeOnComplete(removeOnComplete).removeOnFail(removeOnFail)
                .stackTraceLimit(stackTraceLimit).keepLogs(keepLogs).deduplication(deduplication)
                .parentFailurePolicy(parentFailurePolicy);
    }

    /**
     * These options as BullMQ's opts JSON, the form a job hash's {@code opts} field holds; {@link #fromJson} reads it
     * back. For storing options outside Redis, e.g. in an outbox.
     */
    public String toJson() {
        return Json.write(OptionsCodec.toJson(this));
    }

    /**
     * Options from BullMQ's opts JSON, read as leniently as a stored job's opts (Node's short forms accepted, unknown
     * fields ignored) and then validated like {@link Builder#build()}.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or an option breaks a rule
     */
    public static JobOptions fromJson(String json) {
        var n = Json.read(json);
        if (!n.isObject()) {
            throw new IllegalArgumentException("job options must be a JSON object, got " + json);
        }
        return OptionsCodec.fromJson(n).toBuilder().build();
    }

    /** Attempts allowed in total; BullMQ treats 0 (its default) as one. */
    public int maxAttempts() {
        return Math.max(attempts, 1);
    }

    /** Builder for {@link JobOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String jobId;
        private long delay;
        private int priority;
        private boolean lifo;
        private int attempts;
        private Backoff backoff;
        private KeepJobs removeOnComplete = KeepJobs.KEEP_ALL;
        private KeepJobs removeOnFail = KeepJobs.KEEP_ALL;
        private Integer stackTraceLimit;
        private Integer keepLogs;
        private Deduplication deduplication;
        private ParentFailurePolicy parentFailurePolicy = ParentFailurePolicy.WAIT;

        public Builder jobId(String jobId) { this.jobId = jobId; return this; }
        public Builder delay(long delayMs) { this.delay = delayMs; return this; }
        public Builder delay(java.time.Duration delay) { return delay(delay.toMillis()); }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder lifo(boolean lifo) { this.lifo = lifo; return this; }
        public Builder attempts(int attempts) { this.attempts = attempts; return this; }
        public Builder backoff(Backoff backoff) { this.backoff = backoff; return this; }
        public Builder removeOnComplete(KeepJobs keep) { this.removeOnComplete = keep; return this; }
        public Builder removeOnComplete(boolean remove) { return removeOnComplete(remove ? KeepJobs.REMOVE_ALL : KeepJobs.KEEP_ALL); }
        public Builder removeOnFail(KeepJobs keep) { this.removeOnFail = keep; return this; }
        public Builder removeOnFail(boolean remove) { return removeOnFail(remove ? KeepJobs.REMOVE_ALL : KeepJobs.KEEP_ALL); }
        public Builder stackTraceLimit(Integer limit) { this.stackTraceLimit = limit; return this; }
        public Builder keepLogs(Integer keep) { this.keepLogs = keep; return this; }
        public Builder deduplication(Deduplication d) { this.deduplication = d; return this; }
        public Builder parentFailurePolicy(ParentFailurePolicy p) { this.parentFailurePolicy = p; return this; }

        /** Validates and builds; throws IllegalArgumentException naming the option and the rule broken. */
        public JobOptions build() {
            validateJobId(jobId);
            require(delay >= 0, "delay must be >= 0 ms, got " + delay);
            require(priority >= 0 && priority <= MAX_PRIORITY,
                    "priority must be within 0..2^21-1 (" + MAX_PRIORITY + "), got " + priority);
            require(attempts >= 0, "attempts must be >= 0, got " + attempts);
            require(removeOnComplete != null, "removeOnComplete must not be null");
            require(removeOnFail != null, "removeOnFail must not be null");
            require(stackTraceLimit == null || stackTraceLimit >= 0, "stackTraceLimit must be >= 0, got " + stackTraceLimit);
            require(keepLogs == null || keepLogs >= 0, "keepLogs must be >= 0, got " + keepLogs);
            require(parentFailurePolicy != null, "parentFailurePolicy must not be null (WAIT is the default)");
            return new JobOptions(jobId, delay, priority, lifo, attempts, backoff, removeOnComplete, removeOnFail,
                    stackTraceLimit, keepLogs, deduplication, parentFailurePolicy);
        }

        private static void validateJobId(String id) {
            if (id == null) {
                return;
            }
            require(!id.isEmpty(), "jobId must not be empty");
            require(!id.matches("-?\\d+"), "jobId must not be an integer string (those are auto ids), got '" + id + "'");
            // BullMQ reserves ':' in ids for scheduler jobs, whose ids are repeat:<schedulerId>:<millis>
            require(!id.contains(":") || id.matches("repeat:.+:\\d+"), "jobId must not contain ':', got '" + id + "'");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
