package dev.drover.queue.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.Backoff;
import dev.drover.queue.Deduplication;
import dev.drover.queue.JobOptions;
import dev.drover.queue.KeepJobs;
import dev.drover.queue.ParentFailurePolicy;
import java.time.Duration;

/**
 * One job's options in neutral form, turned into bullmq's opts JSON ({@link #toNode()}) and into Drover's
 * {@link JobOptions} ({@link #toDrover()}) so both sides get the same request. Null / zero fields are left out.
 *
 * @param backoffType "fixed" or "exponential", or null for none
 * @param dedupTtlMs  0 for a deduplication that lasts until the job finishes
 * @param policy      a flow child's parent-failure policy
 */
record JobSpec(String jobId, long delay, int priority, boolean lifo, int attempts, String backoffType,
               long backoffDelay, double jitter, Keep removeOnComplete, Keep removeOnFail, String dedupId,
               long dedupTtlMs, boolean dedupExtend, boolean dedupReplace, ParentFailurePolicy policy) {

    static final JobSpec PLAIN = new JobSpec(null, 0, 0, false, 0, null, 0, 0, null, null, null, 0, false, false,
            ParentFailurePolicy.WAIT);

    /** removeOnComplete / removeOnFail: {@code true}, a count, or {age, count?}. */
    record Keep(boolean remove, int count, long ageSeconds) {
        static Keep bool(boolean remove) { return new Keep(remove, -1, 0); }
        static Keep count(int n) { return new Keep(false, n, 0); }
        static Keep age(long seconds, int count) { return new Keep(false, count, seconds); }

        JsonNode node() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (ageSeconds > 0) {
                ObjectNode n = f.objectNode().put("age", ageSeconds);
                return count >= 0 ? n.put("count", count) : n;
            }
            return count >= 0 ? f.numberNode(count) : f.booleanNode(remove);
        }

        KeepJobs drover() {
            if (ageSeconds > 0) return KeepJobs.ageAndCount(ageSeconds, count);
            return count >= 0 ? KeepJobs.count(count) : remove ? KeepJobs.REMOVE_ALL : KeepJobs.KEEP_ALL;
        }

        @Override
        public String toString() {
            return String.valueOf(node());
        }
    }

    JobSpec withJobId(String id) {
        return new JobSpec(id, delay, priority, lifo, attempts, backoffType, backoffDelay, jitter, removeOnComplete,
                removeOnFail, dedupId, dedupTtlMs, dedupExtend, dedupReplace, policy);
    }

    JobSpec withPolicy(ParentFailurePolicy p) {
        return new JobSpec(jobId, delay, priority, lifo, attempts, backoffType, backoffDelay, jitter,
                removeOnComplete, removeOnFail, dedupId, dedupTtlMs, dedupExtend, dedupReplace, p);
    }

    ObjectNode toNode() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (jobId != null) o.put("jobId", jobId);
        if (delay > 0) o.put("delay", delay);
        if (priority > 0) o.put("priority", priority);
        if (lifo) o.put("lifo", true);
        if (attempts > 0) o.put("attempts", attempts);
        if (backoffType != null) {
            ObjectNode b = o.putObject("backoff").put("type", backoffType).put("delay", backoffDelay);
            if (jitter > 0) b.put("jitter", jitter);
        }
        if (removeOnComplete != null) o.set("removeOnComplete", removeOnComplete.node());
        if (removeOnFail != null) o.set("removeOnFail", removeOnFail.node());
        if (dedupId != null) {
            ObjectNode d = o.putObject("deduplication").put("id", dedupId);
            if (dedupTtlMs > 0) d.put("ttl", dedupTtlMs);
            if (dedupExtend) d.put("extend", true);
            if (dedupReplace) d.put("replace", true);
        }
        switch (policy) {
            case FAIL_PARENT -> o.put("failParentOnFailure", true);
            case CONTINUE_PARENT -> o.put("continueParentOnFailure", true);
            case IGNORE_DEPENDENCY -> o.put("ignoreDependencyOnFailure", true);
            case REMOVE_DEPENDENCY -> o.put("removeDependencyOnFailure", true);
            case WAIT -> { }
        }
        return o;
    }

    JobOptions toDrover() {
        JobOptions.Builder b = JobOptions.builder().jobId(jobId).delay(delay).priority(priority).lifo(lifo)
                .attempts(attempts).parentFailurePolicy(policy);
        if (backoffType != null) b.backoff(new Backoff(backoffType, backoffDelay, jitter));
        if (removeOnComplete != null) b.removeOnComplete(removeOnComplete.drover());
        if (removeOnFail != null) b.removeOnFail(removeOnFail.drover());
        if (dedupId != null) {
            b.deduplication(new Deduplication(dedupId, dedupTtlMs > 0 ? Duration.ofMillis(dedupTtlMs) : null,
                    dedupExtend, dedupReplace));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return toNode().toString();
    }
}
