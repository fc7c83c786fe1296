package dev.drover.queue.internal.runtime;

import dev.drover.queue.Processor;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.script.FetchArgs;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every runtime part of one worker shares: the queue client, the options, the processor, and the lock tokens
 * it hands out ({@code <workerUUID>:<n>}, as BullMQ).
 */
public final class WorkerContext {

    private final QueueClient client;
    private final WorkerOptions options;
    private final Processor processor;
    private final String workerId = UUID.randomUUID().toString();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong lockRenewalFailures = new AtomicLong();
    private volatile long fetchingHeldUntil;

    public WorkerContext(QueueClient client, WorkerOptions options, Processor processor) {
        this.client = client;
        this.options = options;
        this.processor = processor;
    }

    public QueueClient client() { return client; }
    public WorkerOptions options() { return options; }
    public Processor processor() { return processor; }

    /** How this worker records the end of an attempt (shared with manual processing). */
    Settlement settlement() { return client.manual().settlement(); }

    /** Job locks this worker failed to renew (lost, or the renewal call failed), since it was built. */
    public long lockRenewalFailures() { return lockRenewalFailures.get(); }

    void recordLockRenewalFailures(int locks) {
        lockRenewalFailures.addAndGet(locks);
        if (locks > 0) {
            client.telemetry().lockRenewalsFailed(client.keys().queueName(), locks);
        }
    }

    /**
     * A processor reported a rate limit: this worker fetches nothing until {@code untilMs} (queue clock), as BullMQ's
     * worker does; other workers are held only if they have a limiter of their own (see fetchNextJob.lua).
     */
    void holdFetching(long untilMs) { fetchingHeldUntil = untilMs; }

    /** Until when (queue clock ms) this worker fetches nothing; 0 when it may fetch. */
    long fetchingHeldUntil() { return fetchingHeldUntil; }

    /** A short label for logs and thread names. */
    public String label() {
        return client.keys().queueName() + (options.name() != null ? "/" + options.name() : "");
    }

    /** The fetch arguments for the next job, under a fresh lock token. */
    public FetchArgs nextFetchArgs() {
        return fetchArgs(workerId + ":" + tokens.incrementAndGet(), options);
    }

    /** The fetch arguments of a worker with {@code options} taking a job under lock {@code token}. */
    static FetchArgs fetchArgs(String token, WorkerOptions options) {
        var limiter = options.limiter();
        return new FetchArgs(token, options.lockDuration().toMillis(), options.name() == null ? "" : options.name(),
                limiter == null ? 0 : limiter.max(), limiter == null ? 0 : limiter.duration().toMillis());
    }

    /** The connection name BullMQ's getWorkers() recognises: {@code P:<base64(Q)>[:w:<name>]}. */
    public String connectionName() {
        String base = client.keys().clientName();
        return options.name() == null ? base : base + ":w:" + options.name();
    }
}
