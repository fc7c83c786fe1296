package dev.drover.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.internal.JobFactory;
import dev.drover.queue.internal.JobOperations;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.codec.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one job as read from its Redis hash, plus the two things a running job may do: report progress and
 * append log lines. Fields are what was read; they do not refresh.
 */
public final class Job {

    private final JobRecord r;
    private final JobOperations ops;
    private final String lockToken;

    static {
        JobFactory.register(Job::new);
    }

    /** Jobs are made by {@link Queue} and {@link Worker} (through {@link JobFactory}); {@code lockToken} is null for a
     *  job read rather than fetched. */
    private Job(JobRecord record, JobOperations ops, String lockToken) {
        this.r = record;
        this.ops = ops;
        this.lockToken = lockToken;
    }

    public String id() { return r.id(); }

    /** The queue this job was read from (without the key prefix). */
    public String queueName() { return ops.queueName(); }

    /**
     * The token of the lock under which the worker that fetched this job runs it: unique per fetch, so it names this
     * attempt (with {@link #attemptsStarted()}, which the fetch incremented). Empty for a job read with
     * {@link Queue#getJob} or the like, which no worker holds.
     */
    public Optional<String> lockToken() { return Optional.ofNullable(lockToken); }
    public String name() { return r.name(); }

    /** The data as JSON; null when the stored data is not valid JSON (see {@link #dataError()}). */
    public JsonNode data() { return r.data(); }

    /** The data exactly as stored. */
    public String rawData() { return r.rawData(); }

    /** Why the data could not be decoded, if it could not. */
    public Optional<String> dataError() { return Optional.ofNullable(r.dataError()); }

    /** The data mapped onto {@code type} with Jackson; fails with IllegalArgumentException naming the reason. */
    public <T> T data(Class<T> type) {
        if (r.data() == null) {
            throw new IllegalArgumentException(r.dataError());
        }
        try {
            return Json.MAPPER.treeToValue(r.data(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("job " + id() + " data does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public JobOptions opts() { return r.opts(); }

    /** The opts JSON exactly as stored (keeps fields Drover does not model, e.g. parent or dedup). */
    public String rawOpts() { return r.rawOpts(); }

    public int attemptsMade() { return r.attemptsMade(); }
    public int attemptsStarted() { return r.attemptsStarted(); }
    public int stalledCount() { return r.stalledCount(); }
    public long delay() { return r.delay(); }
    public int priority() { return r.priority(); }
    public Instant timestamp() { return Instant.ofEpochMilli(r.timestamp()); }
    public Optional<Instant> processedOn() { return Optional.ofNullable(r.processedOn()).map(Instant::ofEpochMilli); }
    public Optional<Instant> finishedOn() { return Optional.ofNullable(r.finishedOn()).map(Instant::ofEpochMilli); }
    public JsonNode progress() { return r.progress(); }
    public JsonNode returnValue() { return r.returnValue(); }
    public Optional<String> failedReason() { return Optional.ofNullable(r.failedReason()); }
    public List<String> stacktrace() { return r.stacktrace(); }
    public Optional<String> processedBy() { return Optional.ofNullable(r.processedBy()); }
    public Optional<String> parentKey() { return Optional.ofNullable(r.parentKey()); }

    /** Set by the stalled check when the job stalled too often: the next worker fails it with this reason. */
    public Optional<String> deferredFailure() { return Optional.ofNullable(r.deferredFailure()); }

    /** The job scheduler that made this job, if any ({@code rjk}). */
    public Optional<String> schedulerId() { return Optional.ofNullable(r.schedulerId()); }

    /** Stores progress (any JSON value: a number, an object...) and emits a {@code progress} event. */
    public void updateProgress(Object progress) {
        ops.updateProgress(id(), progress instanceof JsonNode n ? n : Json.MAPPER.valueToTree(progress));
    }

    /** Appends a line to the job's log ({@code P:Q:<id>:logs}); returns the number of lines kept. */
    public long log(String line) {
        return ops.log(id(), line, r.opts().keepLogs());
    }

    /** The job's log lines, oldest first. */
    public List<String> logs() {
        return ops.logs(id());
    }

    /**
     * A flow parent's completed children and their return values, keyed by child key {@code P:Q:<id>} (read now,
     * not part of the snapshot). Empty for a job without children.
     */
    public java.util.Map<String, JsonNode> childrenValues() {
        return ops.childrenValues(id());
    }

    /** Failed children this parent went on without ({@code continueParent}/{@code ignoreDependency}): key to reason. */
    public java.util.Map<String, String> ignoredChildrenFailures() {
        return ops.ignoredChildrenFailures(id());
    }

    /** How this job's children stand now. */
    public DependencyCounts dependencyCounts() {
        return ops.dependencyCounts(id());
    }

    /** This job's state now (read from Redis, not part of the snapshot). */
    public JobState getState() {
        return ops.state(id());
    }

    /** {@link Queue#changeDelay}: run this delayed job {@code delay} from now. This snapshot is not refreshed. */
    public void changeDelay(java.time.Duration delay) {
        ops.changeDelay(id(), delay.toMillis());
    }

    /** {@link Queue#changePriority} for this job. This snapshot is not refreshed. */
    public void changePriority(int priority, boolean lifo) {
        ops.changePriority(id(), priority, lifo);
    }

    /** {@link Queue#updateData} for this job. This snapshot is not refreshed. */
    public void updateData(Object data) {
        ops.updateData(id(), data);
    }

    /** {@link Queue#promoteJob}: move this delayed job to ready now. */
    public void promote() {
        ops.promote(id());
    }

    // ------------------------------------------------------------------------------------------------
    // Manual processing (BullMQ's job.moveToCompleted / moveToFailed / moveToDelayed / moveToWait): for jobs
    // taken with Worker.getNextJob(token). Each throws QueueException LOCK_MISSING / LOCK_MISMATCH when token
    // no longer holds the job's lock, NOT_IN_STATE when the job is not active.

    /**
     * Completes this active job with {@code returnValue} (kept per removeOnComplete, its flow parent told); with
     * {@code fetchNext} the same call takes the next job under the same token and returns it.
     */
    public Optional<Job> moveToCompleted(Object returnValue, String token, boolean fetchNext) {
        return ops.moveToCompleted(this, returnValue, token, fetchNext);
    }

    /**
     * Ends this attempt with {@code error}, as a worker does: retried (after the job's backoff) while attempts are
     * left and the error is not an {@link UnrecoverableJobException}, else failed for good (kept per removeOnFail,
     * its flow parent told). Only a final failure with {@code fetchNext} takes and returns the next job.
     */
    public Optional<Job> moveToFailed(Throwable error, String token, boolean fetchNext) {
        return ops.moveToFailed(this, error, token, fetchNext);
    }

    /** Moves this active job to delayed until {@code timestamp}, without counting an attempt. */
    public void moveToDelayed(Instant timestamp, String token) {
        ops.moveToDelayed(this, timestamp.toEpochMilli(), token);
    }

    /**
     * Gives this active job back to wait without counting an attempt, e.g. after {@link Worker#rateLimit}; returns
     * the queue's rate-limit time left in ms (the worker that fetched it fetches nothing until then).
     */
    public long moveToWait(String token) {
        return ops.moveToWait(this, token);
    }

    @Override
    public String toString() {
        return "Job[" + id() + " " + name() + "]";
    }
}
