package dev.drover.queue.internal.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.JobNode;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads flows back as BullMQ lays them out: down from a job through its children's keys ({@code :dependencies},
 * {@code :processed}, {@code :failed}, {@code :unsuccessful}), and up from a job through the {@code parent} field of
 * its hash ({@code {"id": ..., "queueKey": "P:Q"}}), which names the parent's queue without splitting a key on ':'.
 */
public final class FlowReader {

    /** How far up a parent chain is followed; deeper (or cyclic) chains stop there. */
    private static final int MAX_ANCESTORS = 64;

    private final QueueOptions options;
    private final RedisExecutor redis;

    public FlowReader(QueueOptions options, RedisExecutor redis) {
        this.options = options;
        this.redis = redis;
    }

    /** Job {@code jobId} of {@code queueName} with its children down to {@code maxDepth} levels (0: the job alone). */
    public Optional<JobNode> tree(String queueName, String jobId, int maxDepth) {
        QueueClient client = client(queueName);
        return client.job(jobId).map(job -> new JobNode(queueName, job,
                maxDepth <= 0 ? List.of() : children(client, jobId, maxDepth - 1)));
    }

    private List<JobNode> children(QueueClient parent, String jobId, int depth) {
        List<JobNode> out = new ArrayList<>();
        for (String key : parent.childKeys(jobId)) {
            Ref child = childRef(key);
            if (child != null) {
                tree(child.queueName(), child.id(), depth).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Splits a child key {@code P:<queue>:<id>}. Queue names and ids may both hold ':', so every split is a
     * candidate; the first whose queue has an events stream wins (else the first split). Null for another prefix.
     */
    private Ref childRef(String key) {
        String queuePrefix = options.prefix() + ":";
        if (!key.startsWith(queuePrefix)) {
            return null;
        }
        String rest = key.substring(queuePrefix.length());
        List<Ref> candidates = new ArrayList<>();
        for (int sep = rest.indexOf(':'); sep > 0; sep = rest.indexOf(':', sep + 1)) {
            candidates.add(new Ref(rest.substring(0, sep), rest.substring(sep + 1)));
        }
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        return candidates.stream()
                .filter(c -> "stream".equals(redis.call(j -> j.type(keys(c.queueName()).events()))))
                .findFirst().orElse(candidates.get(0));
    }

    /** A job by queue and id. */
    public record Ref(String queueName, String id) {
    }

    /** The topmost ancestor of job {@code jobId} that still exists under this prefix; the job itself if none. */
    public Ref root(String queueName, String jobId) {
        Ref at = new Ref(queueName, jobId);
        for (int i = 0; i < MAX_ANCESTORS; i++) {
            Ref up = parentOf(at);
            if (up == null || !redis.call(j -> j.exists(keys(up.queueName()).job(up.id())))) {
                return at;
            }
            at = up;
        }
        return at;
    }

    private Ref parentOf(Ref job) {
        JsonNode parent = Json.readLenient(redis.call(j -> j.hget(keys(job.queueName()).job(job.id()), "parent")));
        String queuePrefix = options.prefix() + ":";
        if (parent == null || !parent.hasNonNull("id") || !parent.path("queueKey").asText().startsWith(queuePrefix)) {
            return null;
        }
        return new Ref(parent.path("queueKey").asText().substring(queuePrefix.length()), parent.get("id").asText());
    }

    private QueueKeys keys(String queueName) {
        return new QueueKeys(options.prefix(), queueName);
    }

    private QueueClient client(String queueName) {
        return new QueueClient(queueName, options, redis, false);
    }
}
