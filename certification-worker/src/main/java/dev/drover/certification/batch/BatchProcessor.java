package dev.drover.certification.batch;

import dev.drover.queue.Backoff;
import dev.drover.queue.FlowJob;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.JobState;
import dev.drover.queue.ParentFailurePolicy;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.UnrecoverableJobException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Handles {@code certify-batch} (payloads: {@link BatchRequest}). Each run is idempotent and goes as far as it can:
 * <ol>
 *   <li>validate the request and expand the batch ({@link BatchExpander}: create or adopt the row, items QUEUED);</li>
 *   <li>add the flow once: a {@code certify-batch-summary} parent (job id {@code summary-<batch job id>}) waiting for
 *       one {@code certify-model} child per item (ids from {@link BatchPlan.Item#queueJobId()});</li>
 *   <li>while the summary job has not completed, move this job to delayed (the summary job promotes it when done;
 *       {@link BatchTuning#batchRecheck()} is the fallback); once it has, complete with its {@link BatchSummary}.</li>
 * </ol>
 * So the batch job completes only when every child has finished. A bad request fails it at once, with nothing written.
 */
public final class BatchProcessor implements Processor {

    public static final String SUMMARY_JOB = "certify-batch-summary";
    public static final String ITEM_JOB = "certify-model";
    /** The summary job is about to finish: look again soon. */
    private static final Duration SETTLING = Duration.ofMillis(200);

    private final BatchExpander expander;
    private final Queue queue;
    private final FlowProducer flows;
    private final BatchTuning tuning;
    private final InstantSource clock;

    public BatchProcessor(BatchExpander expander, Queue queue, FlowProducer flows, BatchTuning tuning,
                          InstantSource clock) {
        this.expander = expander;
        this.queue = queue;
        this.flows = flows;
        this.tuning = tuning;
        this.clock = clock;
    }

    @Override
    public Object process(Job job) {
        BatchPlan plan;
        try {
            plan = expander.expand(BatchRequest.parse(job.data()), job.id());
        } catch (InvalidBatchException e) {
            throw new UnrecoverableJobException("invalid certify-batch: " + e.getMessage(), e);
        }
        String summaryId = summaryJobId(job.id());
        // the state first: a snapshot read before the job finished would carry no return value
        JobState state = queue.getJobState(summaryId);
        return switch (state) {
            case UNKNOWN -> {
                flows.add(flow(plan, job.id(), summaryId));
                yield later(tuning.batchRecheck());
            }
            case COMPLETED -> summary(summaryId).returnValue();
            case FAILED -> throw new UnrecoverableJobException("batch summary job " + summaryId + " failed: "
                    + summary(summaryId).failedReason().orElse("no reason"));
            case WAITING_CHILDREN, DELAYED -> later(tuning.batchRecheck());
            default -> later(SETTLING);
        };
    }

    private Job summary(String summaryId) {
        return queue.getJob(summaryId).orElseThrow(() -> new IllegalStateException("summary job " + summaryId
                + " vanished"));
    }

    /** The summary job of the {@code certify-batch} job {@code batchJobId}. */
    public static String summaryJobId(String batchJobId) {
        return "summary-" + batchJobId;
    }

    private JobOutcome later(Duration wait) {
        return JobOutcome.delayUntil(clock.instant().plus(wait));
    }

    private FlowJob flow(BatchPlan plan, String batchJobId, String summaryId) {
        JobOptions childOpts = JobOptions.builder()
                .attempts(tuning.itemAttempts())
                .backoff(Backoff.exponential(tuning.itemBackoff().toMillis()))
                // a child that fails for good must not strand the batch: the summary lists it as unsettled
                .parentFailurePolicy(ParentFailurePolicy.IGNORE_DEPENDENCY)
                .build();
        List<FlowJob> children = plan.items().stream()
                .map(i -> new FlowJob(queue.name(), ITEM_JOB, Map.of("certificationJobId",
                        i.certificationJobId().toString(), "modelId", i.modelId(), "region", i.region()),
                        childOpts.toBuilder().jobId(i.queueJobId()).build(), List.of()))
                .toList();
        return new FlowJob(queue.name(), SUMMARY_JOB,
                Map.of("certificationJobId", plan.certificationJobId().toString(), "batchJobId", batchJobId),
                JobOptions.builder().jobId(summaryId).build(), children);
    }
}
