package dev.drover.queue;

import dev.drover.queue.internal.BatchedAdds;
import dev.drover.queue.internal.PagedRemoval;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.codec.OptionsCodec;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.scheduler.SchedulerStore;
import dev.drover.queue.internal.script.FlowLink;
import dev.drover.queue.internal.script.OnceMarker;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptError;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * A producer's and operator's handle on one queue: add jobs, read them, and run queue-wide operations. Everything
 * it writes follows BullMQ's layout, so Node bullmq workers, producers and dashboards share the queue. Thread-safe;
 * close it to release its connections.
 */
public final class Queue implements AutoCloseable {

    private static final int BATCH = 1000;

    private final String name;
    private final QueueClient client;
    private final int maxConnections;
    private final int waitReplicas;
    private final Duration waitTimeout;
    private final JobOptions defaults;

    /**
     * A handle on queue {@code name}, connected on first use ({@link #waitUntilReady()} to connect now). A name with
     * ':' is refused as BullMQ refuses it; {@link QueueAdmin} still reads and repairs queues an older bull so named.
     */
    public Queue(String name, QueueOptions options) {
        this(name, options, JobOptions.DEFAULTS);
    }

    /** A queue whose {@link #add(String, Object)} uses {@code defaults} (BullMQ's {@code defaultJobOptions}). */
    public Queue(String name, QueueOptions options, JobOptions defaults) {
        this(name, new QueueClient(QueueKeys.requireUsableName(name), options), options, defaults);
    }

    Queue(String name, QueueClient client, QueueOptions options) {
        this(name, client, options, JobOptions.DEFAULTS);
    }

    private Queue(String name, QueueClient client, QueueOptions options, JobOptions defaults) {
        this.name = name;
        this.client = client;
        this.maxConnections = options.maxConnections();
        this.waitReplicas = options.waitReplicas();
        this.waitTimeout = options.waitTimeout();
        this.defaults = java.util.Objects.requireNonNull(defaults, "defaults");
    }

    public String name() {
        return name;
    }

    /**
     * Connects now instead of on first use, like BullMQ's {@code waitUntilReady()}: opens this queue's pooled
     * connections ({@link QueueOptions#maxConnections()}) to the master its keys live on, so that a burst of calls
     * right after start pays no connection set-up. Returns this queue; throws a REDIS {@link QueueException} when
     * Redis cannot be reached.
     */
    public Queue waitUntilReady() {
        client.redis().openConnections(maxConnections);
        return this;
    }

    /** Adds a job with this queue's default options; returns its id. */
    public String add(String jobName, Object data) {
        return add(jobName, data, defaults);
    }

    /** The options {@link #add(String, Object)} uses ({@link JobOptions#DEFAULTS} unless built with others). */
    public JobOptions defaultJobOptions() {
        return defaults;
    }

    /** Adds a job; returns its id. With a custom id that already exists, nothing changes and that id is returned. */
    public String add(String jobName, Object data, JobOptions opts) {
        NewJob job = new NewJob(jobName, data, opts);
        return client.telemetry().add("add", name, List.of(jobName), tm -> {
            ScriptCall call = addCall(job, tm);
            if (waitReplicas == 0) {
                return List.of((String) client.run(call, name));
            }
            var w = client.redis().evalThenWait(call, waitReplicas, waitTimeout);
            String id = (String) ScriptError.check(w.reply(), call.script().name(), name);
            requireReplicas(List.of(id), w.replicas());
            return List.of(id);
        }).get(0);
    }

    /**
     * Adds many jobs in one round trip; returns their ids in order. The jobs travel as addBatch calls of up to 100
     * jobs each (with {@code waitForReplicas}, as one call per job), each job added exactly as {@link #add} would.
     */
    public List<String> addBulk(List<NewJob> jobs) {
        return client.telemetry().add("addBulk", name, jobs.stream().map(NewJob::name).toList(), tm -> {
            List<ScriptCall> calls = jobs.stream().map(j -> addCall(j, tm)).toList();
            if (waitReplicas == 0) {
                return BatchedAdds.evalAll(client.redis(), client.scripts(), calls).stream().map(String::valueOf)
                        .toList();
            }
            var w = client.redis().evalAllThenWait(calls, waitReplicas, waitTimeout);
            List<String> ids = w.reply().stream().map(String::valueOf).toList();
            requireReplicas(ids, w.replicas());
            return ids;
        });
    }

    private void requireReplicas(List<String> ids, long confirmed) {
        if (confirmed < waitReplicas) {
            throw new NotReplicatedException(ids, confirmed, waitReplicas, "queue " + name);
        }
    }

    /**
     * Adds a job unless an add with the same {@link AddOnce#id()} already happened on this queue while its marker
     * lives (see {@link AddOnce}); the job and the marker are written by one script call. Returns true when this call
     * added the job (or, with a custom id that exists already, found it), false when an earlier add-once did.
     */
    public boolean addOnce(AddOnce once, String jobName, Object data, JobOptions opts) {
        OnceMarker marker = OnceMarker.fresh(client.keys(), once);
        boolean[] added = {false};
        client.telemetry().add("add", name, List.of(jobName), tm -> {
            Object reply = client.run(addCall(new NewJob(jobName, data, opts), tm, marker), name);
            added[0] = !Long.valueOf(0).equals(reply);
            return added[0] ? List.of(String.valueOf(reply)) : List.of();
        });
        return added[0];
    }

    /** Deletes the marker of add-once id {@code onceId}, so the next add with it goes ahead; true when one lived. */
    public boolean forgetAddOnce(String onceId) {
        return client.redis().call(j -> j.del(OnceMarker.key(client.keys(), onceId))) > 0;
    }

    private ScriptCall addCall(NewJob job, String tm) {
        return addCall(job, tm, OnceMarker.NONE);
    }

    /** The addJob call for {@code job}; {@code tm} is the trace context stored in its opts (null: none). */
    private ScriptCall addCall(NewJob job, String tm, OnceMarker once) {
        JobOptions o = job.opts();
        long now = client.now();
        String data = Json.write(job.data() == null ? Json.MAPPER.createObjectNode() : job.data());
        var opts = OptionsCodec.toJson(o);
        if (tm != null) {
            opts.put("tm", tm);
        }
        return client.scripts().addJob(o.jobId(), job.name(), data, Json.write(opts), now, o, FlowLink.NONE, once);
    }

    public Optional<Job> getJob(String id) {
        return client.job(id);
    }

    /** Jobs in {@code state}, newest first, positions {@code start..end} inclusive (-1 = the last). */
    public List<Job> getJobs(JobState state, long start, long end) {
        return client.jobs(client.ids(state, start, end));
    }

    /** How many jobs are in each state (LLEN/ZCARD, one round trip). */
    public Map<JobState, Long> getJobCounts() {
        return counts(client);
    }

    static Map<JobState, Long> counts(QueueClient client) {
        return client.redis().call(j -> {
            Map<JobState, Response<Long>> rs = new EnumMap<>(JobState.class);
            try (Pipeline p = j.pipelined()) {
                for (JobState s : JobState.values()) {
                    if (s == JobState.UNKNOWN) continue;
                    String key = client.keys().key(s.keySuffix());
                    rs.put(s, s.isList() ? p.llen(key) : p.zcard(key));
                }
                p.sync();
            }
            Map<JobState, Long> out = new EnumMap<>(JobState.class);
            rs.forEach((s, r) -> out.put(s, r.get()));
            return out;
        });
    }

    /** The job's state, or UNKNOWN when it is in none (or does not exist). */
    public JobState getJobState(String id) {
        return client.state(id);
    }

    /** Pauses the queue: workers stop fetching; new jobs still join wait (BullMQ v6 semantics). */
    public void pause() {
        client.run(client.scripts().pause(), name);
    }

    /** Resumes the queue, merging any v5-style {@code paused} list back into wait. */
    public void resume() {
        while ((Long) client.run(client.scripts().resume(), name) > 0) {
            // more than one batch of parked jobs: keep merging
        }
    }

    public boolean isPaused() {
        return client.redis().call(j -> j.hexists(client.keys().meta(), "paused"));
    }

    /**
     * Removes every job not yet started (wait, paused, prioritized, and delayed if asked), as BullMQ's drain: a job
     * scheduler's next job stays, a flow parent of this queue left without children goes too, deduplication ids
     * are released. Works in pages of at most 1000 jobs per Redis call. Returns how many jobs were removed.
     */
    public long drain(boolean includeDelayed) {
        return new PagedRemoval(client, BATCH).drain(includeDelayed);
    }

    /**
     * Removes up to {@code limit} jobs (0 = no limit) in {@code state} older than {@code grace}, by BullMQ's rules:
     * finished (and waiting-children) jobs by their score, others by their latest of finishedOn, processedOn and
     * creation time, within the oldest {@code limit} when limited; running jobs and job schedulers' next jobs are
     * never removed. Works in pages of at most 1000 jobs per Redis call, emitting one {@code cleaned} event at the
     * end. Returns the removed ids.
     */
    public List<String> clean(JobState state, Duration grace, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        if (grace.isNegative()) throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        return new PagedRemoval(client, BATCH).clean(state, client.now() - grace.toMillis(), limit);
    }

    /** Deletes the whole queue. It must be paused; with active jobs only when {@code force}. */
    public void obliterate(boolean force) {
        while ((Long) client.run(client.scripts().obliterate(BATCH, force), name) == 1) {
            // batches keep each script call short
        }
    }

    /** Moves every failed (or completed) job back to wait; returns when all moved. */
    public void retryJobs(JobState from) {
        if (from != JobState.FAILED && from != JobState.COMPLETED) {
            throw new IllegalArgumentException("retryJobs takes FAILED or COMPLETED, got " + from);
        }
        long cutoff = client.now();
        while ((Long) client.run(client.scripts().moveJobsToWait(from.keySuffix(), BATCH, cutoff), name) == 1) {
            // next batch
        }
    }

    /**
     * Retries one failed (or completed) job: back to wait (lifo: next to run; with a priority: prioritized), its
     * result or reason and any deferred failure cleared; a flow child rejoins its parent's pending children.
     */
    public void retryJob(String id) {
        JobState state = getJobState(id);
        if (state != JobState.FAILED && state != JobState.COMPLETED) {
            throw new QueueException(QueueException.Kind.NOT_IN_STATE, "job " + id + " is " + state.bullName()
                    + ", only failed or completed jobs can be retried");
        }
        boolean lifo = client.job(id).map(j -> j.opts().lifo()).orElse(false);
        client.run(client.scripts().requeueJob(id, state.keySuffix(), lifo), id);
    }

    /**
     * Moves one delayed job to ready now (wait, or prioritized when it has a priority). Throws QueueException
     * JOB_NOT_FOUND for an unknown job, NOT_IN_STATE when it is not delayed.
     */
    public void promoteJob(String id) {
        client.promote(id);
    }

    /**
     * Makes delayed job {@code jobId} run {@code delay} from now instead (zero: at the next fetch); its stored
     * {@code delay} becomes the new one. Throws QueueException JOB_NOT_FOUND for an unknown job, NOT_IN_STATE when
     * it is not delayed.
     */
    public void changeDelay(String jobId, Duration delay) {
        client.changeDelay(jobId, delay.toMillis());
    }

    /**
     * Gives job {@code jobId} a new priority (0 none, 1 highest .. 2^21-1), in any state, as BullMQ's changePriority.
     * A waiting or prioritized job moves at once: priority 0 to the wait list (with {@code lifo}, next to run), any
     * other into prioritized (with {@code lifo}, first of its priority). Any other job keeps it for when it is next
     * ready. Throws QueueException JOB_NOT_FOUND for an unknown job.
     */
    public void changePriority(String jobId, int priority, boolean lifo) {
        client.changePriority(jobId, priority, lifo);
    }

    /** Replaces job {@code jobId}'s data in any state (null: {@code {}}). Throws JOB_NOT_FOUND for an unknown job. */
    public void updateData(String jobId, Object data) {
        client.updateData(jobId, data);
    }

    /** Moves every delayed job to wait now. */
    public void promoteJobs() {
        while ((Long) client.run(client.scripts().moveJobsToWait("delayed", BATCH, client.now()), name) == 1) {
            // next batch
        }
    }

    /**
     * Removes a job, its keys and its children (as BullMQ's {@code remove}); false when it does not exist. Throws
     * QueueException JOB_LOCKED while it or a pending child runs, JOB_BELONGS_TO_SCHEDULER for a job scheduler's
     * next job.
     */
    public boolean remove(String id) {
        return remove(id, true);
    }

    /**
     * Removes a job and its keys, and its children too when {@code removeChildren}: it leaves its flow parent's
     * pending children (a parent with none left moves on), releases the deduplication id it owns, and emits
     * {@code removed}. False when it does not exist; throws like {@link #remove(String)}.
     */
    public boolean remove(String id, boolean removeChildren) {
        Object r = client.redis().eval(client.scripts().removeJob(id, removeChildren));
        if (Long.valueOf(-1).equals(r)) {
            return false;
        }
        ScriptError.check(r, "removeJob", id);
        return true;
    }

    /**
     * Creates or replaces job scheduler {@code id}: from now on one job per slot of {@code repeat}, made from
     * {@code template} (null: name = id, data {}), with id {@code repeat:<id>:<slot ms>}. Replacing removes the
     * still-delayed job of the old settings. Returns the first job's id, empty when the schedule has no slot left.
     */
    public Optional<String> upsertJobScheduler(String id, RepeatSpec repeat, JobTemplate template) {
        return new SchedulerStore(client).upsert(id, repeat, template == null ? JobTemplate.of(null, null) : template);
    }

    /** Removes job scheduler {@code id} and its still-delayed next job; false when there was none. */
    public boolean removeJobScheduler(String id) {
        return new SchedulerStore(client).remove(id);
    }

    public Optional<JobSchedulerInfo> getJobScheduler(String id) {
        return new SchedulerStore(client).get(id);
    }

    /** Every job scheduler of the queue, soonest next slot first. */
    public List<JobSchedulerInfo> getJobSchedulers() {
        return new SchedulerStore(client).list();
    }

    /** How the children of flow parent {@code jobId} stand (pending, processed, ignored, failed). */
    public DependencyCounts getDependencyCounts(String jobId) {
        return client.dependencyCounts(jobId);
    }

    /** The id of the job that owns deduplication id {@code dedupId} ({@code P:Q:de:<id>}), if the key lives. */
    public Optional<String> getDeduplicationJobId(String dedupId) {
        return Optional.ofNullable(client.redis().call(j -> j.get(client.keys().key("de:" + dedupId))));
    }

    /** Forgets deduplication id {@code dedupId} so the next add with it goes ahead; true when a key was deleted. */
    public boolean removeDeduplicationKey(String dedupId) {
        return client.redis().call(j -> j.del(client.keys().key("de:" + dedupId))) > 0;
    }

    /**
     * Per-minute metrics of {@code type}, data points {@code start..end} (LRANGE positions, -1 = the last), newest
     * minute first, as Node bullmq's {@code getMetrics} reads them. Only workers with metrics on write them; the
     * minute in progress is not a data point yet.
     */
    public Metrics getMetrics(MetricsType type, long start, long end) {
        String key = client.keys().metrics(type.bullName());
        return client.redis().call(j -> {
            try (Pipeline p = j.pipelined()) {
                Response<String> count = p.hget(key, "count");
                Response<List<String>> data = p.lrange(key + ":data", start, end);
                p.sync();
                return new Metrics(count.get() == null ? 0 : Long.parseLong(count.get()),
                        data.get().stream().map(Long::parseLong).toList());
            }
        });
    }

    /** Internal plumbing shared with QueueAdmin. */
    QueueClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
