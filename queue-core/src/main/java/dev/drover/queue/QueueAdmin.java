package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The read and repair operations an operator (the {@code drover} CLI) needs, over every queue under one prefix,
 * whether Drover or Node bullmq made it. One connection pool for all queues; thread-safe. On Cluster, queue
 * listings scan every shard's master and fail (never answer partially) when one cannot be read.
 */
public final class QueueAdmin implements AutoCloseable {

    private final QueueOptions options;
    private final RedisExecutor redis;

    public QueueAdmin(QueueOptions options) {
        this.options = options;
        this.redis = new RedisExecutor(options.redis(), options.maxConnections());
    }

    /** Queue names under the prefix, found from their {@code meta}, {@code id}, {@code wait}... keys. */
    public List<String> queueNames() {
        TreeSet<String> names = new TreeSet<>();
        String prefix = options.prefix() + ":";
        for (String suffix : List.of("meta", "id", "wait", "events", "completed", "failed", "delayed", "prioritized")) {
            scan(prefix + "*:" + suffix).forEach(k -> {
                String name = k.substring(prefix.length(), k.length() - suffix.length() - 1);
                // BullMQ forbids ':' in queue names; such a match is a sub-key (P:Q:metrics:completed, P:Q:<id>:...)
                if (!name.isEmpty() && !name.contains(":")) names.add(name);
            });
        }
        return List.copyOf(names);
    }

    /** Keys matching {@code pattern} on every master (each Cluster shard); fails if any master cannot answer. */
    private List<String> scan(String pattern) {
        return redis.onEveryMaster(j -> {
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match(pattern).count(1000));
                keys.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return keys;
        }).stream().flatMap(List::stream).toList();
    }

    /** The connections of {@code queue}'s slot (on Cluster, the master serving it). */
    private RedisExecutor at(QueueKeys keys) {
        QueueClient.requireFit(keys, options);
        return redis.routedBy(keys.base());
    }

    /** Every queue with its counts and paused flag. */
    public List<QueueSummary> listQueues() {
        return queueNames().stream().map(n -> withQueue(n, q -> new QueueSummary(n, q.isPaused(), q.getJobCounts())))
                .toList();
    }

    /** Runs {@code body} with a Queue handle sharing this admin's connections. */
    public <T> T withQueue(String queueName, Function<Queue, T> body) {
        QueueClient client = new QueueClient(queueName, options, redis, false);
        return body.apply(new Queue(queueName, client, options));
    }

    public Map<JobState, Long> counts(String queue) {
        return withQueue(queue, Queue::getJobCounts);
    }

    public List<Job> jobs(String queue, JobState state, long start, long end) {
        return withQueue(queue, q -> q.getJobs(state, start, end));
    }

    public Optional<Job> job(String queue, String id) {
        return withQueue(queue, q -> q.getJob(id));
    }

    public JobState jobState(String queue, String id) {
        return withQueue(queue, q -> q.getJobState(id));
    }

    public void retry(String queue, String id) {
        withQueue(queue, q -> { q.retryJob(id); return null; });
    }

    public void retryAllFailed(String queue) {
        withQueue(queue, q -> { q.retryJobs(JobState.FAILED); return null; });
    }

    public void promote(String queue, String id) {
        withQueue(queue, q -> { q.promoteJob(id); return null; });
    }

    public void promoteAll(String queue) {
        withQueue(queue, q -> { q.promoteJobs(); return null; });
    }

    public boolean remove(String queue, String id) {
        return withQueue(queue, q -> q.remove(id));
    }

    public void pause(String queue) {
        withQueue(queue, q -> { q.pause(); return null; });
    }

    public void resume(String queue) {
        withQueue(queue, q -> { q.resume(); return null; });
    }

    public long drain(String queue, boolean includeDelayed) {
        return withQueue(queue, q -> q.drain(includeDelayed));
    }

    public List<String> clean(String queue, JobState state, java.time.Duration grace, int limit) {
        return withQueue(queue, q -> q.clean(state, grace, limit));
    }

    public void obliterate(String queue, boolean force) {
        withQueue(queue, q -> { q.obliterate(force); return null; });
    }

    /** Workers connected to {@code queue}, from CLIENT LIST connection names (as BullMQ's getWorkers). */
    public List<WorkerInfo> workers(String queue) {
        QueueKeys keys = new QueueKeys(options.prefix(), queue);
        String base = keys.clientName();
        String list = at(keys).call(j -> j.clientList());
        List<WorkerInfo> out = new ArrayList<>();
        for (String line : list.split("\n")) {
            Map<String, String> f = fields(line);
            String name = f.getOrDefault("name", "");
            if (name.equals(base) || name.startsWith(base + ":w:")) {
                out.add(new WorkerInfo(name.equals(base) ? null : name.substring(base.length() + 3),
                        f.get("addr"), parseLong(f.get("age")), parseLong(f.get("idle")), f));
            }
        }
        return out;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        Arrays.stream(line.trim().split(" ")).map(kv -> kv.split("=", 2)).filter(kv -> kv.length == 2)
                .forEach(kv -> f.put(kv[0], kv[1]));
        return f;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Per-minute metrics of {@code type} ("completed" or "failed"), data points {@code start..end}, newest first. */
    public Metrics metrics(String queue, String type, long start, long end) {
        MetricsType t = MetricsType.parse(type);
        return withQueue(queue, q -> q.getMetrics(t, start, end));
    }

    /** True when any key of {@code queue} exists under the prefix (its meta, id counter, events or a state key). */
    public boolean exists(String queue) {
        QueueKeys keys = new QueueKeys(options.prefix(), queue);
        String[] probe = List.of("meta", "id", "events", "wait", "paused", "active", "prioritized", "delayed",
                "completed", "failed", "waiting-children", "repeat").stream().map(keys::key).toArray(String[]::new);
        return at(keys).call(j -> j.exists(probe)) > 0;
    }

    /** The queue's job schedulers ({@code P:Q:repeat} + {@code P:Q:repeat:<id>}), soonest next run first. */
    public List<JobSchedulerInfo> schedulers(String queue) {
        QueueKeys keys = new QueueKeys(options.prefix(), queue);
        String repeat = keys.key("repeat");
        return at(keys).call(j -> j.zrangeWithScores(repeat, 0, -1).stream()
                .map(t -> JobSchedulerInfo.of(t.getElement(), t.getScore(), j.hgetAll(repeat + ":" + t.getElement())))
                .toList());
    }

    @Override
    public void close() {
        redis.close();
    }
}
