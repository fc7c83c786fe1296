package dev.drover.certification.batch;

import dev.drover.certification.CertificationRepository;
import dev.drover.certification.CertificationResult;
import dev.drover.certification.Certifier;
import dev.drover.db.generated.certification.enums.CertificationItemOutcome;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.Processor;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.postgres.EffectTransaction;
import dev.drover.queue.postgres.JobAttempt;
import dev.drover.queue.postgres.JobEffects;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Handles {@code certify-model} {@code {certificationJobId, modelId, region}}: certifies one (model, region) of a
 * batch and counts it exactly once, on {@link JobEffects}.
 * <ol>
 *   <li>the item's work committed before (a rerun after a crash between commit and acknowledgement): return the
 *       stored result, run nothing;</li>
 *   <li>batch PAUSED: move the job to delayed ({@link #pausedRecheck} later; {@code resume} promotes it sooner);</li>
 *   <li>batch CANCELLED: mark the row CANCELLED and count it as cancelled, with the job's result;</li>
 *   <li>otherwise mark PROCESSING (a fenced step), certify, then store the result and count it in the transaction
 *       that stores the job's result; an attempt whose job was taken over commits neither.</li>
 * </ol>
 * The ledger's unique (batch, model, region) key stays as the counters' second guard.
 * A certification spoiled only by transient trouble (throttling, timeouts, 5xx, network after every in-call retry)
 * throws instead of being stored, so the queue retries the job later; on its last attempt it is stored as a failure.
 */
public final class ModelProcessor implements Processor {

    private final JobEffects effects;
    private final BatchStore batches;
    private final Certifier certifier;
    private final InstantSource clock;
    private final Duration pausedRecheck;
    private final CommitHook afterCommit;

    public ModelProcessor(DSLContext dsl, Certifier certifier, InstantSource clock, Duration pausedRecheck,
                          CommitHook afterCommit) {
        this.effects = JobEffects.builder(dsl).build();
        this.batches = new BatchStore(dsl);
        this.certifier = certifier;
        this.clock = clock;
        this.pausedRecheck = pausedRecheck;
        this.afterCommit = afterCommit;
    }

    @Override
    public Object process(Job job) throws Exception {
        BatchPlan.Item item = parse(job);
        JobAttempt attempt = effects.begin(job);
        if (attempt.replayed()) {
            return attempt.storedResult();
        }
        JobStatus status = batches.find(item.certificationJobId()).orElseThrow(() -> new UnrecoverableJobException(
                "certification job " + item.certificationJobId() + " does not exist")).getStatus();
        return switch (status) {
            case PAUSED -> JobOutcome.delayUntil(clock.instant().plus(pausedRecheck));
            case CANCELLED, FAILED -> cancel(job, attempt, item);
            default -> certify(job, attempt, item);
        };
    }

    private Object cancel(Job job, JobAttempt attempt, BatchPlan.Item item) throws Exception {
        Object result = attempt.complete(tx -> {
            CertificationRepository repo = repo(tx);
            repo.markCancelled(item.modelId(), item.region(), item.certificationJobId());
            repo.countItem(item.certificationJobId(), item.modelId(), item.region(),
                    CertificationItemOutcome.CANCELLED, job.id());
            return ItemResult.settledBefore(item, CertificationItemOutcome.CANCELLED.getLiteral(), null);
        });
        afterCommit.committed(job);
        return result;
    }

    private Object certify(Job job, JobAttempt attempt, BatchPlan.Item item) throws Exception {
        attempt.checkpoint(tx -> {
            new BatchStore(tx.dsl()).markStarted(item.certificationJobId());
            repo(tx).markProcessing(item.modelId(), item.region(), item.certificationJobId(), job.id(),
                    clock.instant());
            return null;
        });
        CertificationResult result = certifier.certify(item.modelId(), item.region());
        if (TransientFailure.spoiled(result) && !lastAttempt(job)) {
            throw new TransientFailure(result);
        }
        CertificationItemOutcome outcome = result.passed() ? CertificationItemOutcome.SUCCESS
                : CertificationItemOutcome.FAILURE;
        // the result row, the ledger + counters and the job's result commit together: a crash leaves all or none
        Object stored = attempt.complete(tx -> {
            CertificationRepository repo = repo(tx);
            repo.recordResult(result, item.certificationJobId(), job.id());
            repo.countItem(item.certificationJobId(), item.modelId(), item.region(), outcome, job.id());
            return ItemResult.of(result, outcome.getLiteral());
        });
        afterCommit.committed(job);
        return stored;
    }

    private static CertificationRepository repo(EffectTransaction tx) {
        return new CertificationRepository(tx.dsl());
    }

    private static boolean lastAttempt(Job job) {
        return job.attemptsMade() + 1 >= job.opts().maxAttempts();
    }

    private static BatchPlan.Item parse(Job job) {
        var data = job.data();
        if (data == null || !data.hasNonNull("certificationJobId") || !data.hasNonNull("modelId")
                || !data.hasNonNull("region")) {
            throw new UnrecoverableJobException("certify-model data must be {certificationJobId, modelId, region}, got "
                    + job.rawData());
        }
        try {
            return new BatchPlan.Item(UUID.fromString(data.get("certificationJobId").asText()),
                    data.get("modelId").asText(), data.get("region").asText());
        } catch (IllegalArgumentException e) {
            throw new UnrecoverableJobException("certify-model certificationJobId is not a UUID: " + job.rawData());
        }
    }

    /** Called after an item's transaction committed and before the job is acknowledged. */
    @FunctionalInterface
    public interface CommitHook {
        CommitHook NONE = job -> { };

        void committed(Job job);
    }
}
