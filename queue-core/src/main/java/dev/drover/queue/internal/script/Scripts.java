package dev.drover.queue.internal.script;

import dev.drover.queue.Deduplication;
import dev.drover.queue.JobOptions;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.keys.QueueKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds every {@link ScriptCall} queue-core makes, for one queue. Pure: it knows key order and argument encoding
 * (documented in each script's header), never Redis, so it is unit-tested without a server.
 */
public final class Scripts {

    private final QueueKeys keys;
    private final ScriptLoader loader;
    // built once: every worker call passes them, and QueueKeys derives each name by concatenation
    private final String base;
    private final List<String> workerKeys;
    private final List<String> addKeys;

    public Scripts(QueueKeys keys) {
        this(keys, ScriptLoader.shared());
    }

    public Scripts(QueueKeys keys, ScriptLoader loader) {
        this.keys = keys;
        this.loader = loader;
        this.base = keys.base();
        this.workerKeys = keys.workerKeys();
        this.addKeys = List.of(keys.waitList(), keys.paused(), keys.meta(), keys.id(), keys.delayed(),
                keys.prioritized(), keys.pc(), keys.marker(), keys.events(), keys.waitingChildren());
    }

    public QueueKeys keys() {
        return keys;
    }

    private ScriptCall call(String file, List<String> keyList, Object... args) {
        List<String> argList = new ArrayList<>(args.length);
        for (Object a : args) {
            argList.add(a instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(a));
        }
        return new ScriptCall(loader.load(file), keyList, argList);
    }

    /** Adds a job; dedup and priority/delay/lifo come from {@code o}, flow links from {@code link}. */
    public ScriptCall addJob(String customId, String name, String dataJson, String optsJson, long timestamp,
                             JobOptions o, FlowLink link) {
        return addJob(customId, name, dataJson, optsJson, timestamp, o, link, OnceMarker.NONE);
    }

    /** {@link #addJob(String, String, String, String, long, JobOptions, FlowLink)} under an add-once marker. */
    public ScriptCall addJob(String customId, String name, String dataJson, String optsJson, long timestamp,
                             JobOptions o, FlowLink link, OnceMarker once) {
        Deduplication de = o.deduplication();
        List<Object> args = new ArrayList<>(List.of(base, customId == null ? "" : customId, name, dataJson, optsJson,
                timestamp, o.delay(), o.priority(), o.lifo(), de == null ? "" : de.id(),
                de == null ? 0 : de.ttlMillis(), de != null && de.extend(), de != null && de.replace(),
                link.parentKey(), link.parentJson(), link.childKeys().isEmpty() ? "" : Json.write(link.childKeys())));
        if (!once.key().isEmpty()) {
            args.addAll(List.of(once.key(), once.token(), once.ttlMs()));
        }
        return call("addJob-10.lua", addKeys, args.toArray());
    }

    /** Whether {@code call} can join an {@link #addBatch}: an addJob call of this queue without an add-once marker. */
    public boolean batchableAdd(ScriptCall call) {
        return call.script().name().equals("addJob") && call.args().size() == 16 && call.keys().equals(addKeys)
                && call.args().get(0).equals(base);
    }

    /**
     * One addBatch-10 call adding, in order, the jobs of {@code adds} ({@link #batchableAdd} calls). It carries each
     * call's own arguments unchanged, so each job is added exactly as its lone call would add it.
     */
    public ScriptCall addBatch(List<ScriptCall> adds) {
        List<String> args = new ArrayList<>(1 + adds.size() * 15);
        args.add(base);
        for (ScriptCall a : adds) {
            if (!batchableAdd(a)) {
                throw new IllegalArgumentException("not a plain addJob call of queue " + base + ": " + a.script());
            }
            args.addAll(a.args().subList(1, 16));
        }
        return new ScriptCall(loader.load("addBatch-10.lua"), addKeys, args);
    }

    public ScriptCall moveToActive(FetchArgs f, long now) {
        return call("moveToActive-11.lua", workerKeys, base, f.token(), f.lockDurationMs(), now,
                f.workerName(), f.limiterMax(), f.limiterDurationMs());
    }

    /** Finishes a job; with {@code next} non-null the same call fetches the next job under {@code next.token()}. */
    public ScriptCall moveToFinished(Finish f, FetchArgs next) {
        List<String> k = new ArrayList<>(workerKeys);
        k.add(f.completed() ? keys.completed() : keys.failed());
        k.add(keys.job(f.jobId()));
        k.add(keys.metrics(f.completed() ? "completed" : "failed"));
        FetchArgs fa = next != null ? next : new FetchArgs("0", 0, "", 0, 0);
        return call("moveToFinished-14.lua", k, base, f.jobId(), f.token(), f.now(),
                f.completed() ? "completed" : "failed", f.value(), f.stacktraceJson(), f.keep().count(),
                f.keep().ageSeconds(), next != null, fa.lockDurationMs(), fa.workerName(), fa.limiterMax(),
                fa.limiterDurationMs(), f.metricsPoints(), f.retriesExhausted(), fa.token());
    }

    /** The name of the script {@link #moveToFinished} calls: only such calls can join a {@link #finishBatch}. */
    public static final String MOVE_TO_FINISHED = "moveToFinished";

    /**
     * One finishBatch-15 call finishing, in order, the jobs of {@code finishes}: moveToFinished calls built by this
     * {@code Scripts} (so of this queue). The batch call carries each call's own arguments unchanged, so each job is
     * finished, and a repeat recognised, exactly as its lone call would be. {@code stopAtScheduler}: the script
     * stops after a finish whose fetch activated a job scheduler's job (see finishBatch-15.lua).
     */
    public ScriptCall finishBatch(List<ScriptCall> finishes, boolean stopAtScheduler) {
        List<String> args = new ArrayList<>(2 + finishes.size() * 16);
        args.add(base);
        args.add(stopAtScheduler ? "1" : "0");
        for (ScriptCall f : finishes) {
            if (!f.script().name().equals(MOVE_TO_FINISHED) || !f.keys().subList(0, 11).equals(workerKeys)
                    || !f.args().get(0).equals(base)) {
                throw new IllegalArgumentException("not a moveToFinished call of queue " + base + ": " + f.script());
            }
            args.addAll(f.args().subList(1, 17));
        }
        List<String> k = new ArrayList<>(workerKeys);
        k.addAll(List.of(keys.completed(), keys.failed(), keys.metrics("completed"), keys.metrics("failed")));
        return new ScriptCall(loader.load("finishBatch-15.lua"), k, args);
    }

    public ScriptCall retryJob(String jobId, String token, String reason, String stacktraceJson, boolean lifo,
                               long now) {
        List<String> k = new ArrayList<>(workerKeys);
        k.add(keys.job(jobId));
        return call("retryJob-12.lua", k, jobId, token, reason, stacktraceJson, lifo, base, now);
    }

    /** Moves an active job to delayed; with {@code next} non-null the same call fetches the next job. */
    public ScriptCall moveToDelayed(String jobId, String token, long now, long runAt, boolean countAttempt,
                                    String reason, String stacktraceJson, FetchArgs next) {
        List<String> k = new ArrayList<>(workerKeys);
        k.add(keys.job(jobId));
        FetchArgs fa = next != null ? next : new FetchArgs("0", 0, "", 0, 0);
        return call("moveToDelayed-12.lua", k, jobId, token, now, runAt, countAttempt, reason == null ? "" : reason,
                stacktraceJson == null ? "" : stacktraceJson, base, next != null, fa.lockDurationMs(),
                fa.workerName(), fa.limiterMax(), fa.limiterDurationMs(), fa.token());
    }

    /** Renews the locks of {@code idsAndTokens} (id, token, id, token...). */
    public ScriptCall extendLocks(long lockDurationMs, List<String> idsAndTokens) {
        List<Object> args = new ArrayList<>(List.of(base, lockDurationMs));
        args.addAll(idsAndTokens);
        return call("extendLocks-1.lua", List.of(keys.stalled()), args.toArray());
    }

    public ScriptCall moveStalledJobsToWait(int maxStalledCount, long now, long stalledIntervalMs) {
        return call("moveStalledJobsToWait-8.lua", List.of(keys.stalled(), keys.waitList(), keys.active(),
                        keys.stalledCheck(), keys.meta(), keys.paused(), keys.marker(), keys.events()),
                base, maxStalledCount, now, stalledIntervalMs);
    }

    public ScriptCall releaseJob(String jobId, String token, long rateLimitMs) {
        return call("releaseJob-10.lua", List.of(keys.active(), keys.waitList(), keys.stalled(), keys.paused(),
                        keys.meta(), keys.prioritized(), keys.pc(), keys.marker(), keys.events(), keys.limiter()),
                base, jobId, token, rateLimitMs);
    }

    public ScriptCall updateProgress(String jobId, String progressJson) {
        return call("updateProgress-3.lua", List.of(keys.job(jobId), keys.events(), keys.meta()), jobId,
                progressJson);
    }

    public ScriptCall addLog(String jobId, String line, int keepLogs) {
        return call("addLog-2.lua", List.of(keys.job(jobId), keys.logs(jobId)), line, keepLogs);
    }

    /** Re-delays a delayed job to run {@code delayMs} after {@code now}. */
    public ScriptCall changeDelay(String jobId, long delayMs, long now) {
        return call("changeDelay-5.lua", List.of(keys.job(jobId), keys.delayed(), keys.meta(), keys.marker(),
                keys.events()), jobId, delayMs, now);
    }

    public ScriptCall changePriority(String jobId, int priority, boolean lifo) {
        return call("changePriority-7.lua", List.of(keys.job(jobId), keys.waitList(), keys.prioritized(), keys.pc(),
                keys.meta(), keys.marker(), keys.active()), jobId, priority, lifo);
    }

    public ScriptCall updateData(String jobId, String dataJson) {
        return call("updateData-1.lua", List.of(keys.job(jobId)), dataJson);
    }

    /** Removes a job, with its children (across queues) when {@code withChildren}. */
    public ScriptCall removeJob(String jobId, boolean withChildren) {
        return call("removeJob-2.lua", List.of(keys.job(jobId), keys.key("repeat")), jobId, withChildren, base);
    }

    public ScriptCall pause() {
        return call("pauseQueue-3.lua", List.of(keys.meta(), keys.marker(), keys.events()));
    }

    public ScriptCall resume() {
        return call("resumeQueue-7.lua", List.of(keys.waitList(), keys.paused(), keys.meta(), keys.prioritized(),
                keys.events(), keys.delayed(), keys.marker()));
    }

    /**
     * One page of a drain of {@code state}'s key (wait, paused, prioritized or delayed).
     *
     * @param cursor ids kept at the head of that key by earlier pages (job schedulers' next jobs)
     */
    public ScriptCall drainPage(String state, boolean isList, long cursor, int batch) {
        return call("drainQueue-2.lua", List.of(keys.key(state), keys.key("repeat")), base, isList ? "list" : "zset",
                cursor, batch);
    }

    /**
     * One page of a clean of {@code stateKey}.
     *
     * @param rule "finished" (completed, failed, waiting-children), "delayed", "prioritized", "wait" (wait, paused)
     *             or "active"
     * @param cursor ids looked at and kept by earlier pages of this clean
     * @param removedBefore jobs removed by earlier pages of this clean
     */
    public ScriptCall cleanPage(String stateKey, String rule, long cutoffMs, int batch, int limit, long cursor,
                                long removedBefore) {
        return call("cleanJobsInSet-4.lua", List.of(stateKey, keys.events(), keys.meta(), keys.key("repeat")), base,
                cutoffMs, rule, batch, limit, cursor, removedBefore);
    }

    /** @param sourceState "failed", "completed" or "delayed" */
    public ScriptCall moveJobsToWait(String sourceState, int batch, long cutoffMs) {
        return call("moveJobsToWait-8.lua", List.of(keys.key(sourceState), keys.waitList(), keys.paused(), keys.meta(),
                keys.prioritized(), keys.pc(), keys.marker(), keys.events()), base, batch, cutoffMs,
                sourceState);
    }

    /** @param sourceState "failed", "completed" or "delayed"; {@code lifo}: a retried job runs next */
    public ScriptCall requeueJob(String jobId, String sourceState, boolean lifo) {
        return call("requeueJob-8.lua", List.of(keys.key(sourceState), keys.waitList(), keys.paused(), keys.meta(),
                keys.prioritized(), keys.pc(), keys.marker(), keys.events()), base, jobId, sourceState, lifo);
    }

    private List<String> schedulerKeys() {
        return List.of(keys.key("repeat"), keys.delayed(), keys.waitList(), keys.paused(), keys.meta(),
                keys.prioritized(), keys.pc(), keys.marker(), keys.events(), keys.id());
    }

    /**
     * @param cronNext       a cron scheduler's next slot; null for an every scheduler (the script computes it)
     * @param fieldsJson     the scheduler hash's fields (name, tz, limit, pattern, startDate, endDate, every)
     * @param jobOptsJson    the slot job's opts, without jobId and delay (the script sets them)
     */
    public ScriptCall upsertJobScheduler(String id, Long cronNext, long every, Long startDate, String fieldsJson,
                                         String templateOptsJson, String templateDataJson, String jobOptsJson,
                                         long now) {
        return call("upsertJobScheduler-10.lua", schedulerKeys(), base, id, cronNext == null ? "" : cronNext, every,
                startDate == null ? "" : startDate, fieldsJson, templateOptsJson, templateDataJson, jobOptsJson, now);
    }

    /** @param cronNext a cron scheduler's next slot; null for an every scheduler (the script computes it) */
    public ScriptCall advanceJobScheduler(String id, String activatedJobId, Long cronNext, String jobOptsJson,
                                          long now) {
        return call("advanceJobScheduler-10.lua", schedulerKeys(), base, id, activatedJobId,
                cronNext == null ? "" : cronNext, jobOptsJson, now);
    }

    public ScriptCall removeJobScheduler(String id) {
        return call("removeJobScheduler-9.lua", schedulerKeys().subList(0, 9), base, id);
    }

    public ScriptCall obliterate(int batch, boolean force) {
        return call("obliterateQueue-2.lua", List.of(keys.meta(), keys.events()), base, batch, force);
    }
}
