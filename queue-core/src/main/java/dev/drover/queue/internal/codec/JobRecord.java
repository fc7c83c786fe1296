package dev.drover.queue.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.JobOptions;
import java.util.List;

/**
 * A job hash decoded field by field (see BULLMQ-PROTOCOL §2). {@code data} is null and {@code dataError} set when
 * the stored data is not valid JSON, so a worker can fail the job with that reason instead of crashing.
 */
public record JobRecord(String id, String name, String rawData, JsonNode data, String dataError, String rawOpts,
                        JobOptions opts, long timestamp, Long processedOn, Long finishedOn, long delay, int priority,
                        int attemptsMade, int attemptsStarted, int stalledCount, JsonNode progress,
                        JsonNode returnValue, String failedReason, List<String> stacktrace, String parentKey,
                        String processedBy, String deferredFailure, String schedulerId) {
}
