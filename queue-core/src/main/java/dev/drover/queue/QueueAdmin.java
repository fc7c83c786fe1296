package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.flow.FlowReader;
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
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The read and repair operations an operator (the {@code drover} CLI) needs, over every queue under one prefix,
 * whether Drover or Node bullmq made it. One connection pool for all queues; thread-safe. On Cluster, queue
 * listings scan every shard's master and fail (never answer partially) when one cannot be read.
 */
public final class QueueAdmin implements AutoCloseable {

    /** How many jobs {@link #findJobs} looks at, newest first. */
    public static final int SEARCH_SCAN = 10_000;
    private static final int SEARCH_PAGE = 500;

    private final QueueOptions options;
    private final RedisExecutor redis;

    public QueueAdmin(QueueOptions options) {
        this.options = options;
        this.redis = new RedisExecutor(options.redis(), options.maxConnections());
    }

    /**
     * Queue names under the prefix, found from their {@code meta}, {@code id}, {@code wait}... keys. A name with a
     * ':' (BullMQ 5.12+ forbids them, Drover and bull 3 allow them) counts only when its
     * {@code events} key is a stream, since most such matches are sub-keys ({@code P:Q:metrics:completed},
     * {@code P:Q:<id>:failed}).
     */
    public List<String> queueNames() {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> withColon = new TreeSet<>();
        String prefix = options.prefix() + ":";
        for (String suffix : List.of("meta", "id", "wait", "events", "completed", "failed", "delayed", "prioritized")) {
            scan(prefix + "*:" + suffix).forEach(k -> {
                String name = k.substring(prefix.length(), k.length() - suffix.length() - 1);
                if (!name.isEmpty()) {
                    (name.contains(":") ? withColon : names).add(name);
                }
            });
        }
        names.addAll(withEventStreams(prefix, List.copyOf(withColon)));
        return List.copyOf(names);
    }

    /** The candidates whose {@code events} key is a stream, each asked where its queue's keys live. */
    private List<String> withEventStreams(String prefix, List<String> candidates) {
        List<String> out = new ArrayList<>();
        for (String name : candidates) {
            String type = at(new QueueKeys(options.prefix(), name)).call(j -> j.type(prefix + name + ":events"));
            if ("stream".equals(type)) {
                out.add(name);
            }
        }
        return out;
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

    /**
     * Jobs of {@code queue} in {@code state} whose id equals {@code text} or whose name contains it (ignoring case),
     * newest first, at most {@code limit}. Looks at the newest {@value #SEARCH_SCAN} jobs of the state only, reading
     * just their names (one pipeline per 500) before loading the matches.
     */
    public List<Job> findJobs(String queue, JobState state, String text, int limit) {
        String needle = text.toLowerCase(java.util.Locale.ROOT);
        return withQueue(queue, q -> {
            QueueClient client = q.client();
            List<String> matched = new ArrayList<>();
            for (long start = 0; start < SEARCH_SCAN && matched.size() < limit; start += SEARCH_PAGE) {
                List<String> ids = client.ids(state, start, start + SEARCH_PAGE - 1);
                List<String> names = names(client, ids);
                for (int i = 0; i < ids.size() && matched.size() < limit; i++) {
                    if (ids.get(i).equals(text) || names.get(i) != null
                            && names.get(i).toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                        matched.add(ids.get(i));
                    }
                }
                if (ids.size() < SEARCH_PAGE) {
                    break;
                }
            }
            return client.jobs(matched);
        });
    }

    private static List<String> names(QueueClient client, List<String> ids) {
        return client.redis().call(j -> {
            try (Pipeline p = j.pipelined()) {
                List<Response<String>> rs = ids.stream().map(id -> p.hget(client.keys().job(id), "name")).toList();
                p.sync();
                return rs.stream().map(Response::get).toList();
            }
        });
    }

    /**
     * The whole flow job {@code id} of {@code queue} belongs to: its topmost ancestor (followed through each job's
     * {@code parent} field) with its children down to {@code maxDepth} levels. The job alone when it is in no flow;
     * empty when it does not exist.
     */
    public Optional<JobNode> flowOf(String queue, String id, int maxDepth) {
        FlowReader reader = new FlowReader(options, redis);
        FlowReader.Ref root = reader.root(queue, id);
        return reader.tree(root.queueName(), root.id(), maxDepth);
    }

    /**
     * Jobs finished per minute over the last {@code minutes} minutes, newest first (the minute in progress first),
     * counted from the finished jobs still kept in the {@code completed} or {@code failed} set by their finish time.
     * Unlike {@link #metrics}, it needs no worker to record metrics, but misses jobs removed on completion.
     */
    public List<Long> finishedPerMinute(String queue, MetricsType type, int minutes) {
        QueueKeys keys = new QueueKeys(options.prefix(), queue);
        String key = keys.key(type.bullName());
        long minuteStart = options.clock().millis() / 60_000 * 60_000;
        return at(keys).call(j -> {
            try (Pipeline p = j.pipelined()) {
                List<Response<Long>> rs = new ArrayList<>();
                for (int i = 0; i < minutes; i++) {
                    long from = minuteStart - i * 60_000L;
                    rs.add(p.zcount(key, Long.toString(from), "(" + (from + 60_000)));
                }
                p.sync();
                return rs.stream().map(Response::get).toList();
            }
        });
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
