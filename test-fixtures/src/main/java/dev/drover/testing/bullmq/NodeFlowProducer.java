package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A BullMQ {@code FlowProducer} in a {@link NodeBullmq} process. Flow trees are BullMQ's
 * {@code FlowJob} JSON: {@code {"name":..,"queueName":..,"data":..,"opts":..,"children":[...]}}. Results are
 * BullMQ's {@code JobNode} trees: {@code {"job":{job JSON},"children":[...]}}.
 */
public final class NodeFlowProducer {

    private final NodeBullmq node;
    private final RedisTarget target;

    NodeFlowProducer(NodeBullmq node, String url, String prefix) {
        this.node = node;
        this.target = new RedisTarget(url, prefix);
    }

    private ObjectNode newRequest(String op) {
        return target.stamp(node.newRequest(op));
    }

    /** {@code flowProducer.add(flow)}. */
    public JsonNode add(String flowJson) {
        return add(NodeBullmq.parse(flowJson));
    }

    /** {@code flowProducer.add(flow)}. */
    public JsonNode add(JsonNode flow) {
        return node.request((ObjectNode) newRequest("flowAdd").set("flow", flow));
    }

    /** {@code flowProducer.addBulk(flows)} with a JSON array of flow trees. */
    public JsonNode addBulk(String flowsJson) {
        return node.request((ObjectNode) newRequest("flowAddBulk").set("flows", NodeBullmq.parse(flowsJson)));
    }

    /** {@code flowProducer.getFlow(opts)}, e.g. {@code {"id":"p1","queueName":"parents","depth":10}}. */
    public JsonNode getFlow(String optsJson) {
        return node.request((ObjectNode) newRequest("flowGet").set("opts", NodeBullmq.parse(optsJson)));
    }
}
