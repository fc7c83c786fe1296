package dev.drover.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.DependencyCounts;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueException;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.RedisConfig;
import dev.drover.queue.Telemetry;
import dev.drover.queue.internal.codec.JobCodec;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.runtime.ManualProcessing;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptError;
import dev.drover.queue.internal.script.Scripts;
import java.time.InstantSource;
import java.util.function.DoubleSupplier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * One queue's keys, scripts, executor and clock together: the plumbing {@code Queue}, {@code Worker} and
 * {@code QueueAdmin} share. Reads jobs, runs scripts with error mapping, and serves a {@link Job}'s own operations,
 * manual processing included (with the settings of the worker whose client it is, else a default worker's).
 */
public final class QueueClient implements JobOperations, AutoCloseable {

    private final QueueKeys keys;
    private final Scripts scripts;
    private final RedisExecutor redis;
    private final RedisExecutor shared;
    private final InstantSource clock;
    private final DoubleSupplier random;
    private final boolean ownsExecutor;
    private final ManualProcessing manual;
    private final Telemetry telemetry;

    public QueueClient(String queueName, QueueOptions options) {
        this(queueName, options, open(queueName, options), true);
    }

    /** Checks the keys fit the servers (one slot on Cluster) before any connection is made. */
    private static RedisExecutor open(String queueName, QueueOptions options) {
        requireFit(new QueueKeys(options.prefix(), queueName), options);
        return new RedisExecutor(options.redis(), options.maxConnections());
    }

    /** On Cluster, refuses a queue whose keys would not share one slot (the message names the fix). */
    public static void requireFit(QueueKeys keys, QueueOptions options) {
        if (options.redis().mode() == RedisConfig.Mode.CLUSTER) {
            keys.requireOneSlot();
        }
    }

    public QueueClient(String queueName, QueueOptions options, RedisExecutor redis, boolean ownsExecutor) {
        this(queueName, options, redis, ownsExecutor, WorkerOptions.DEFAULTS);
    }

    /** A worker's client: manual processing through it uses {@code worker}'s settings. */
    public QueueClient(String queueName, QueueOptions options, RedisExecutor redis, boolean ownsExecutor,
                       WorkerOptions worker) {
        this.keys = new QueueKeys(options.prefix(), queueName);
        requireFit(keys, options);
        this.scripts = new Scripts(keys);
        this.shared = redis;
        this.redis = redis.routedBy(keys.base());
        this.clock = options.clock();
        this.random = options.random();
        this.ownsExecutor = ownsExecutor;
        this.manual = new ManualProcessing(this, worker, random);
        this.telemetry = options.telemetry();
    }

    public QueueKeys keys() { return keys; }
    public Scripts scripts() { return scripts; }
    public RedisExecutor redis() { return redis; }
    public long now() { return clock.millis(); }
    public DoubleSupplier random() { return random; }
    public ManualProcessing manual() { return manual; }
    public Telemetry telemetry() { return telemetry; }

    /** Runs a script and turns a negative reply into its typed exception. */
    public Object run(ScriptCall call, String subject) {
        return ScriptError.check(redis.eval(call), call.script().name(), subject);
    }

    public Optional<Job> job(String id) {
        Map<String, String> hash = redis.call(j -> j.hgetAll(keys.job(id)));
        return hash.isEmpty() ? Optional.empty() : Optional.of(toJob(id, hash));
    }

    public Job toJob(String id, Map<String, String> hash) {
        return toJob(id, hash, null);
    }

    /** A job fetched under {@code lockToken} (null: read, not fetched). */
    public Job toJob(String id, Map<String, String> hash, String lockToken) {
        return JobFactory.create(JobCodec.decode(id, hash), this, lockToken);
    }

    @Override
    public String queueName() {
        return keys.queueName();
    }

    /** Reads many job hashes in one pipeline, skipping ids whose hash is gone. */
    public List<Job> jobs(List<String> ids) {
        List<Map<String, String>> hashes = redis.call(j -> {
            List<Response<Map<String, String>>> rs = new ArrayList<>();
            try (Pipeline p = j.pipelined()) {
                ids.forEach(id -> rs.add(p.hgetAll(keys.job(id))));
                p.sync();
            }
            return rs.stream().map(Response::get).toList();
        });
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!hashes.get(i).isEmpty()) {
                jobs.add(toJob(ids.get(i), hashes.get(i)));
            }
        }
        return jobs;
    }

    /** Ids in a state, newest first (BullMQ's default order), positions {@code start..end} inclusive. */
    public List<String> ids(JobState state, long start, long end) {
        String key = keys.key(state.keySuffix());
        return redis.call(j -> state.isList() ? j.lrange(key, start, end) : j.zrevrange(key, start, end));
    }

    @Override
    public void updateProgress(String jobId, JsonNode progress) {
        run(scripts.updateProgress(jobId, Json.write(progress)), jobId);
    }

    @Override
    public long log(String jobId, String line, Integer keepLogs) {
        return (Long) run(scripts.addLog(jobId, line, keepLogs == null ? 0 : keepLogs), jobId);
    }

    @Override
    public List<String> logs(String jobId) {
        return redis.call(j -> j.lrange(keys.logs(jobId), 0, -1));
    }

    /** Keys of every child {@code jobId} knows of: pending, completed, ignored and failed. */
    public List<String> childKeys(String jobId) {
        String k = keys.job(jobId);
        return redis.call(j -> {
            java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(j.smembers(k + ":dependencies"));
            out.addAll(j.hkeys(k + ":processed"));
            out.addAll(j.hkeys(k + ":failed"));
            out.addAll(j.zrange(k + ":unsuccessful", 0, -1));
            return List.copyOf(out);
        });
    }

    public DependencyCounts dependencyCounts(String jobId) {
        String k = keys.job(jobId);
        return redis.call(j -> {
            try (Pipeline p = j.pipelined()) {
                Response<Long> processed = p.hlen(k + ":processed");
                Response<Long> pending = p.scard(k + ":dependencies");
                Response<Long> ignored = p.hlen(k + ":failed");
                Response<Long> failed = p.zcard(k + ":unsuccessful");
                p.sync();
                return new DependencyCounts(processed.get(), pending.get(), ignored.get(), failed.get());
            }
        });
    }

    @Override
    public Map<String, JsonNode> childrenValues(String jobId) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        redis.call(j -> j.hgetAll(keys.job(jobId) + ":processed")).forEach((k, v) -> out.put(k, Json.readLenient(v)));
        return out;
    }

    @Override
    public Map<String, String> ignoredChildrenFailures(String jobId) {
        Map<String, String> failed = redis.call(j -> j.hgetAll(keys.job(jobId) + ":failed"));
        return new java.util.TreeMap<String, String>(failed);
    }

    @Override
    public JobState state(String id) {
        return redis.call(j -> {
            Map<JobState, Response<?>> rs = new EnumMap<>(JobState.class);
            try (Pipeline p = j.pipelined()) {
                for (JobState s : JobState.values()) {
                    if (s == JobState.UNKNOWN) continue;
                    String key = keys.key(s.keySuffix());
                    rs.put(s, s.isList() ? p.lpos(key, id) : p.zscore(key, id));
                }
                p.sync();
            }
            return rs.entrySet().stream().filter(e -> e.getValue().get() != null).map(Map.Entry::getKey)
                    .findFirst().orElse(JobState.UNKNOWN);
        });
    }

    @Override
    public void changeDelay(String jobId, long delayMs) {
        if (delayMs < 0) throw new IllegalArgumentException("delay must be >= 0, got " + delayMs + " ms");
        runOnJob(scripts.changeDelay(jobId, delayMs, now()), "changeDelay", jobId,
                "only a delayed job's delay can be changed");
    }

    @Override
    public void changePriority(String jobId, int priority, boolean lifo) {
        if (priority < 0 || priority > JobOptions.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be within 0..2^21-1 (" + JobOptions.MAX_PRIORITY
                    + "), got " + priority);
        }
        run(scripts.changePriority(jobId, priority, lifo), jobId);
    }

    @Override
    public void updateData(String jobId, Object data) {
        String json = Json.write(data == null ? Json.MAPPER.createObjectNode() : data);
        runOnJob(scripts.updateData(jobId, json), "updateData", jobId, "");
    }

    @Override
    public void promote(String jobId) {
        runOnJob(scripts.requeueJob(jobId, "delayed", false), "promote", jobId, "only a delayed job can be promoted");
    }

    @Override
    public Optional<Job> moveToCompleted(Job job, Object returnValue, String token, boolean fetchNext) {
        return manual.complete(job, returnValue, token, fetchNext);
    }

    @Override
    public Optional<Job> moveToFailed(Job job, Throwable error, String token, boolean fetchNext) {
        return manual.fail(job, error, token, fetchNext);
    }

    @Override
    public void moveToDelayed(Job job, long timestampMs, String token) {
        manual.delay(job, timestampMs, token);
    }

    @Override
    public long moveToWait(Job job, String token) {
        return manual.moveToWait(job, token);
    }

    /** Runs a single-job script; a job in the wrong state gets an error naming the state it is really in. */
    private void runOnJob(ScriptCall call, String operation, String jobId, String requirement) {
        Object r = redis.eval(call);
        if (ScriptError.of(r) == ScriptError.NOT_IN_STATE) {
            throw new QueueException(QueueException.Kind.NOT_IN_STATE, operation + ": job " + jobId + " is "
                    + state(jobId).bullName() + "; " + requirement);
        }
        ScriptError.check(r, operation, jobId);
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            shared.close();
        }
    }
}
