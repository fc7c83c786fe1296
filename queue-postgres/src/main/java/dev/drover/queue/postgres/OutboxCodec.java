package dev.drover.queue.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.FlowJob;
import dev.drover.queue.JobOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code job} column of {@code drover.outbox}: {@code {"name", "data", "opts", "children"}}, opts in BullMQ's
 * JSON form ({@link JobOptions#toJson()}), each child also with its {@code "queue"}. A plain job is a flow root
 * without children.
 */
final class OutboxCodec {

    private OutboxCodec() {
    }

    static String write(FlowJob job) {
        return Results.write(node(job, false));
    }

    private static ObjectNode node(FlowJob job, boolean withQueue) {
        ObjectNode n = Results.MAPPER.createObjectNode();
        if (withQueue) {
            n.put("queue", job.queueName());
        }
        n.put("name", job.name());
        n.set("data", job.data() == null ? Results.MAPPER.createObjectNode() : Results.toJson(job.data()));
        n.set("opts", Results.read(job.opts().toJson()));
        ArrayNode children = n.putArray("children");
        job.children().forEach(c -> children.add(node(c, true)));
        return n;
    }

    /** The row's job as a flow rooted in {@code queue} (a plain job: no children), added under {@code jobId}. */
    static FlowJob read(String queue, String jobId, String json) {
        FlowJob root = flow(queue, Results.read(json));
        return root.withOpts(root.opts().toBuilder().jobId(jobId).build());
    }

    private static FlowJob flow(String queue, JsonNode n) {
        List<FlowJob> children = new ArrayList<>();
        for (JsonNode c : n.path("children")) {
            children.add(flow(c.path("queue").asText(), c));
        }
        return new FlowJob(queue, n.path("name").asText(), n.get("data"),
                JobOptions.fromJson(Results.write(n.path("opts"))), children);
    }
}
