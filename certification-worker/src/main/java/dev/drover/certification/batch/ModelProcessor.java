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
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Handles {@code certify-model} {@code {certificationJobId, modelId, region}}: certifies one (model, region) of a
 * batch and counts it exactly once.
 * <ol>
 *   <li>already in the ledger (a rerun after a crash between commit and acknowledgement): return what was counted;</li>
 *   <li>batch PAUSED: move the job to delayed ({@link #pausedRecheck} later; {@code resume} promotes it sooner);</li>
 *   <li>batch CANCELLED: mark the row CANCELLED and count it as cancelled;</li>
 *   <li>otherwise mark PROCESSING, certify, then store the result and count it in one transaction.</li>
 * </ol>
 * A certification spoiled only by transient trouble (throttling, timeouts, 5xx, network after every in-call retry)
 * throws instead of being stored, so the queue retries the job later; on its last attempt it is stored as a failure.
 */
public final class ModelProcessor implements Processor {

    private final DSLContext dsl;
    private final BatchStore batches;
    private final Certifier certifier;
    private final InstantSource clock;
    private final Duration pausedRecheck;
    private final CommitHook afterCommit;

    public ModelProcessor(DSLContext dsl, Certifier certifier, InstantSource clock, Duration pausedRecheck,
                          CommitHook afterCommit) {
        this.dsl = dsl;
        this.batches = new BatchStore(dsl);
        this.certifier = certifier;
        this.clock = clock;
        this.pausedRecheck = pausedRecheck;
        this.afterCommit = afterCommit;
    }

    @Override
    public Object process(Job job) {
        BatchPlan.Item item = parse(job);
        Optional<CertificationItemOutcome> counted = batches.countedOutcome(item.certificationJobId(),
                item.modelId(), item.region());
        if (counted.isPresent()) {
            return ItemResult.settledBefore(item, counted.get().getLiteral(),
                    batches.rating(item.certificationJobId(), item.modelId(), item.region()).orElse(null));
        }
        JobStatus status = batches.find(item.certificationJobId()).orElseThrow(() -> new UnrecoverableJobException(
                "certification job " + item.certificationJobId() + " does not exist")).getStatus();
        return switch (status) {
            case PAUSED -> JobOutcome.delayUntil(clock.instant().plus(pausedRecheck));
            case CANCELLED, FAILED -> cancel(job, item);
            default -> certify(job, item);
        };
    }

    private ItemResult cancel(Job job, BatchPlan.Item item) {
        inTransaction(repo -> {
            repo.markCancelled(item.modelId(), item.region(), item.certificationJobId());
            repo.countItem(item.certificationJobId(), item.modelId(), item.region(),
                    CertificationItemOutcome.CANCELLED, job.id());
        });
        afterCommit.committed(job);
        return ItemResult.settledBefore(item, CertificationItemOutcome.CANCELLED.getLiteral(), null);
    }

    private ItemResult certify(Job job, BatchPlan.Item item) {
        batches.markStarted(item.certificationJobId());
        new CertificationRepository(dsl).markProcessing(item.modelId(), item.region(), item.certificationJobId(),
                job.id(), clock.instant());
        CertificationResult result = certifier.certify(item.modelId(), item.region());
        if (TransientFailure.spoiled(result) && !lastAttempt(job)) {
            throw new TransientFailure(result);
        }
        CertificationItemOutcome outcome = result.passed() ? CertificationItemOutcome.SUCCESS
                : CertificationItemOutcome.FAILURE;
        inTransaction(repo -> {
            repo.recordResult(result, item.certificationJobId(), job.id());
            repo.countItem(item.certificationJobId(), item.modelId(), item.region(), outcome, job.id());
        });
        afterCommit.committed(job);
        return ItemResult.of(result, outcome.getLiteral());
    }

    /** The result row and the ledger + counters commit together: a crash leaves both or neither. */
    private void inTransaction(Consumer<CertificationRepository> work) {
        dsl.transaction(cfg -> work.accept(new CertificationRepository(DSL.using(cfg))));
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
