package dev.drover.certification.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueException;
import dev.drover.queue.UnrecoverableJobException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code certify-batch-summary} {@code {certificationJobId, batchJobId}}, the flow parent that runs once every
 * {@code certify-model} child has finished: it tallies the children's {@link ItemResult}s by outcome and rating, lists
 * children that failed for good (let go by the IGNORE_DEPENDENCY policy), and wakes the waiting {@code certify-batch}
 * job so that it completes with this summary now rather than at its next recheck.
 */
public final class SummaryProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(SummaryProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BatchStore batches;
    private final Queue queue;

    public SummaryProcessor(BatchStore batches, Queue queue) {
        this.batches = batches;
        this.queue = queue;
    }

    @Override
    public Object process(Job job) throws Exception {
        JsonNode data = job.data();
        if (data == null || !data.hasNonNull("certificationJobId") || !data.hasNonNull("batchJobId")) {
            throw new UnrecoverableJobException("certify-batch-summary data must be {certificationJobId, batchJobId}");
        }
        UUID id = UUID.fromString(data.get("certificationJobId").asText());
        CertificationJobsRecord row = batches.find(id).orElseThrow(() ->
                new UnrecoverableJobException("certification job " + id + " does not exist"));
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, Integer> ratings = new HashMap<>();
        for (JsonNode value : job.childrenValues().values()) {
            ItemResult item = JSON.treeToValue(value, ItemResult.class);
            outcomes.merge(item.outcome(), 1, Integer::sum);
            if (item.rating() != null) {
                ratings.merge(item.rating(), 1, Integer::sum);
            }
        }
        BatchSummary summary = new BatchSummary(id, row.getStatus().getLiteral(), row.getTotalModels(), outcomes,
                ratings, job.ignoredChildrenFailures());
        wake(data.get("batchJobId").asText());
        log.info("certification batch {} finished: {}", id, summary);
        return summary;
    }

    private void wake(String batchJobId) {
        try {
            queue.promoteJob(batchJobId);
        } catch (QueueException notDelayed) {
            // it is running or gone: it will find this job completed at its next look
        }
    }
}
