package dev.drover.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Output;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import java.time.Instant;
import java.util.List;

/**
 * One job as the CLI shows it. The JSON uses BullMQ's field names (as {@code Job.toJSON}), plus {@code state} and,
 * for {@code drover job}, {@code logs}. Data or opts that are not valid JSON appear as strings.
 */
final class JobView {

    private JobView() {
    }

    /** The job as a JSON object; {@code logs} is added only when not null. */
    static ObjectNode json(Job job, JobState state, List<String> logs) {
        ObjectNode o = Output.mapper().createObjectNode().put("id", job.id()).put("name", job.name())
                .put("state", state.bullName());
        o.set("data", job.data() != null ? job.data() : Output.mapper().getNodeFactory().textNode(job.rawData()));
        o.set("opts", parseLenient(job.rawOpts()));
        o.set("progress", job.progress());
        o.set("returnvalue", job.returnValue());
        o.put("failedReason", job.failedReason().orElse(null));
        ArrayNode st = o.putArray("stacktrace");
        job.stacktrace().forEach(st::add);
        o.put("attemptsMade", job.attemptsMade()).put("attemptsStarted", job.attemptsStarted())
                .put("stalledCounter", job.stalledCount()).put("delay", job.delay()).put("priority", job.priority())
                .put("timestamp", job.timestamp().toEpochMilli());
        o.put("processedOn", job.processedOn().map(Instant::toEpochMilli).orElse(null));
        o.put("finishedOn", job.finishedOn().map(Instant::toEpochMilli).orElse(null));
        o.put("processedBy", job.processedBy().orElse(null));
        o.put("parentKey", job.parentKey().orElse(null));
        o.put("repeatJobKey", job.schedulerId().orElse(null));
        if (logs != null) {
            ArrayNode l = o.putArray("logs");
            logs.forEach(l::add);
        }
        return o;
    }

    static JsonNode parseLenient(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Output.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            return Output.mapper().getNodeFactory().textNode(raw);
        }
    }

    /** Compact JSON text of a value, or empty for null/missing. */
    static String compact(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.toString();
    }

    /** Attempts as {@code made/max}, e.g. {@code 2/3}. */
    static String attempts(Job job) {
        return job.attemptsMade() + "/" + job.opts().maxAttempts();
    }

    /** The one-line detail a job list shows: why it failed, when it is due, or its progress. */
    static String detail(Job job, JobState state, Instant now) {
        if (job.failedReason().isPresent()) {
            return oneLine(job.failedReason().get());
        }
        if (state == JobState.DELAYED) {
            return "due " + dev.drover.cli.output.Humanize.relative(job.timestamp().plusMillis(job.delay()), now);
        }
        String progress = compact(job.progress());
        return progress.isEmpty() || progress.equals("0") ? "" : "progress " + progress;
    }

    static String oneLine(String s) {
        String line = s.replace('\n', ' ');
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
