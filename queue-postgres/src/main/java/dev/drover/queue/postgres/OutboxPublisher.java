package dev.drover.queue.postgres;

import dev.drover.queue.AddOnce;
import dev.drover.queue.FlowJob;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds outbox rows to Redis, each under an add-once marker named after its row ({@link AddOnce}): the marker is
 * written by the same script call as the job, so a relay that repeats the add of a row whose earlier add went
 * through (the relay died before marking the row) adds nothing, even if the job ran and was removed meanwhile.
 */
final class OutboxPublisher implements AutoCloseable {

    private final QueueOptions options;
    private final Duration markerTtl;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private FlowProducer flows;

    OutboxPublisher(QueueOptions options, Duration markerTtl) {
        this.options = options;
        this.markerTtl = markerTtl;
    }

    /** Adds the row's job or flow; false when an earlier relay of the row added it already. */
    boolean add(OutboxEntry entry, String jobJson) {
        FlowJob job = OutboxCodec.read(entry.queue(), entry.jobId(), jobJson);
        AddOnce once = new AddOnce(entry.id().toString(), markerTtl);
        if (job.children().isEmpty()) {
            return queue(entry.queue()).addOnce(once, job.name(), job.data(), job.opts());
        }
        return flows().addOnce(once, job).isPresent();
    }

    private Queue queue(String name) {
        return queues.computeIfAbsent(name, n -> new Queue(n, options));
    }

    private synchronized FlowProducer flows() {
        if (flows == null) {
            flows = new FlowProducer(options);
        }
        return flows;
    }

    @Override
    public synchronized void close() {
        queues.values().forEach(Queue::close);
        if (flows != null) {
            flows.close();
        }
    }
}
