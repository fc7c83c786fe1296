package dev.drover.testing.bullmq;

import java.time.Duration;
import java.util.List;

/**
 * A BullMQ {@code QueueEvents} running in a {@link NodeBullmq} process, started with
 * {@link NodeQueue#startQueueEvents()}. Every stream entry it reads arrives as a {@code queueEvent}
 * {@link NodeEvent} whose {@link NodeEvent#type()} is BullMQ's event name.
 */
public final class NodeQueueEvents implements AutoCloseable {

    private final NodeBullmq node;
    private final NodeQueue queue;
    private final String id;
    private volatile boolean closed;

    NodeQueueEvents(NodeBullmq node, NodeQueue queue, String id) {
        this.node = node;
        this.queue = queue;
        this.id = id;
    }

    /** The driver's handle, found in the events' {@code eventsId} field. */
    public String id() {
        return id;
    }

    /** The queue it listens to. */
    public NodeQueue queue() {
        return queue;
    }

    /** Waits for an event of this type (e.g. {@code completed}) for the job; {@code jobId} null matches any. */
    public NodeEvent awaitEvent(String type, String jobId, Duration timeout) {
        return node.awaitEvent(e -> matches(e, type) && (jobId == null || jobId.equals(e.jobId())), timeout);
    }

    /** Waits for {@code count} events of this type (any job). */
    public List<NodeEvent> awaitEvents(String type, int count, Duration timeout) {
        return node.awaitEvents(e -> matches(e, type), count, timeout);
    }

    /** The events of this type received so far. */
    public List<NodeEvent> received(String type) {
        return node.events().stream().filter(e -> matches(e, type)).toList();
    }

    private boolean matches(NodeEvent e, String type) {
        return "queueEvent".equals(e.event()) && id.equals(e.eventsId()) && (type == null || type.equals(e.type()));
    }

    /** {@code queueEvents.close()}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (node.isAlive()) {
            node.request(node.newRequest("eventsStop").put("eventsId", id));
        }
    }

    @Override
    public String toString() {
        return "NodeQueueEvents[" + id + " on " + queue + "]";
    }
}
