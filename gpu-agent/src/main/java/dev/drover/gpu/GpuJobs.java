package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.SubmittedJob;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace side of GPU jobs, as a Java call (the {@code submit}, {@code cancel} and {@code status}
 * subcommands use it):
 * <ol>
 *   <li>{@link #submit}: one DB transaction creates the PENDING row and reserves credits ({@link Ledger#submit}); then
 *       the job is added to its model's queue with the row id as queue job id (idempotent) and marked QUEUED. A crash
 *       between the two leaves a PENDING row, which {@link #relayPending} enqueues later: nothing is lost, and the
 *       id-as-queue-id makes a second add a no-op.</li>
 *   <li>{@link #cancel}: a job not yet started is cancelled and refunded at once (and removed from the queue); a
 *       running one is stopped by its agent, which polls the request.</li>
 * </ol>
 */
public final class GpuJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GpuJobs.class);
    /** Queue states in which a job will still be delivered to an agent. */
    private static final Set<JobState> LIVE = EnumSet.of(JobState.WAITING, JobState.ACTIVE, JobState.DELAYED,
            JobState.PRIORITIZED, JobState.PAUSED);

    private final DSLContext dsl;
    private final Ledger ledger;
    private final QueueOptions queueOptions;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    public GpuJobs(DSLContext dsl, Ledger ledger, QueueOptions queueOptions) {
        this.dsl = dsl;
        this.ledger = ledger;
        // a submitter needs few connections, whatever the daemon's pool size
        this.queueOptions = queueOptions.toBuilder().maxConnections(2).build();
    }

    /**
     * Accepts, reserves and enqueues a job.
     *
     * @throws dev.drover.gpu.billing.InsufficientCreditsException when credits are short (nothing written)
     * @throws dev.drover.gpu.billing.SubmitRefusedException       when it cannot be priced (nothing written)
     */
    public SubmittedJob submit(JobRequest request) {
        SubmittedJob job = ledger.submit(request);
        enqueue(job.id(), request.gpuModel());
        return job;
    }

    /** Adds the job to its model's queue (a no-op when it is there already) and marks it QUEUED. */
    void enqueue(UUID jobId, String gpuModel) {
        add(queue(gpuModel), jobId);
        ledger.markQueued(jobId);
    }

    /**
     * Adds the queue job of a GPU job, id = the row id: {@value GpuQueues#TRAIN_MODEL} when a trained model is waiting
     * for it (seed 004), else {@value GpuQueues#JOB_NAME}. Decided from the database, so the relay and the reaper
     * re-add a training job under its own name.
     */
    private void add(Queue q, UUID jobId) {
        Long modelId = dsl.select(TRAINED_MODELS.ID).from(TRAINED_MODELS).where(TRAINED_MODELS.JOB_ID.eq(jobId))
                .fetchOne(TRAINED_MODELS.ID);
        JobOptions opts = JobOptions.builder().jobId(jobId.toString()).attempts(3).build();
        if (modelId == null) {
            q.add(GpuQueues.JOB_NAME, Map.of("jobId", jobId.toString()), opts);
        } else {
            q.add(GpuQueues.TRAIN_MODEL, Map.of("jobId", jobId.toString(), "modelId", modelId), opts);
        }
    }

    /**
     * Makes sure a job the reaper took back from a dead agent will be delivered again. A job still active in Redis
     * is left to the queue's stalled check; one the queue finished or lost is added again.
     */
    public void requeue(UUID jobId, String gpuModel) {
        Queue q = queue(gpuModel);
        JobState state = q.getJobState(jobId.toString());
        if (LIVE.contains(state)) {
            return;
        }
        q.remove(jobId.toString());
        add(q, jobId);
        log.info("re-queued job {} (its queue entry was {})", jobId, state.bullName());
    }

    /** The relay: enqueues every job still PENDING {@code olderThan} after submit. Returns how many. */
    public int relayPending(Duration olderThan) {
        int n = 0;
        for (UUID id : ledger.pendingOlderThan(olderThan)) {
            String model = dsl.select(JOBS.GPU_MODEL).from(JOBS).where(JOBS.ID.eq(id)).fetchOne(JOBS.GPU_MODEL);
            enqueue(id, model);
            log.info("relay: enqueued job {} left PENDING by its submitter", id);
            n++;
        }
        return n;
    }

    /** Requests a cancel; returns the job's status afterwards (CANCELLED at once unless it is running). */
    public JobStatus cancel(UUID jobId) {
        JobStatus status = ledger.requestCancel(jobId, "cancelled by request");
        if (status == JobStatus.CANCELLED) {
            String model = dsl.select(JOBS.GPU_MODEL).from(JOBS).where(JOBS.ID.eq(jobId)).fetchOne(JOBS.GPU_MODEL);
            try {
                queue(model).remove(jobId.toString());
            } catch (RuntimeException locked) {
                // an agent holds it right now; Ledger.start refuses a cancelled job, so it is skipped
                log.debug("job {} is being fetched; it will be skipped: {}", jobId, locked.getMessage());
            }
        }
        return status;
    }

    /** The job's state, bill and log size; empty when no such job. */
    public Optional<JobView> status(UUID jobId) {
        JobsRecord r = dsl.selectFrom(JOBS).where(JOBS.ID.eq(jobId)).fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        int lines = dsl.fetchCount(JOB_LOGS, JOB_LOGS.JOB_ID.eq(jobId));
        String queueState = queue(r.getGpuModel()).getJobState(jobId.toString()).bullName();
        return Optional.of(new JobView(r.getId(), r.getType(), r.getStatus(), r.getGpuModel(), r.getProviderId(),
                r.getAttempts(), r.getReservedAmount(), r.getCost(), r.getExitCode(), r.getError(), r.getStartedAt(),
                r.getFinishedAt(), lines, queueState));
    }

    private Queue queue(String gpuModel) {
        return queues.computeIfAbsent(GpuQueues.forModel(gpuModel), name -> new Queue(name, queueOptions));
    }

    @Override
    public void close() {
        queues.values().forEach(Queue::close);
    }
}
