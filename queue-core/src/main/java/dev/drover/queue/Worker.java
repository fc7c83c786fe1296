package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.runtime.WorkerContext;
import dev.drover.queue.internal.runtime.WorkerLoop;
import java.time.Duration;

/**
 * Processes a queue's jobs with a {@link Processor}, BullMQ-compatibly: Node workers may share the queue.
 * {@link #start()} begins fetching; {@link #close()} stops in two phases (stop fetching, wait up to
 * shutdownTimeout for running jobs, give the rest back to wait). Delivery is at-least-once.
 */
public final class Worker implements AutoCloseable {

    private final QueueClient client;
    private final WorkerContext context;
    private final WorkerLoop loop;
    private final WorkerOptions options;

    public Worker(String queueName, Processor processor, WorkerOptions options, QueueOptions queueOptions) {
        this.options = options;
        // each running job may hold a connection while it finishes; the pool is sized for that
        int connections = Math.max(queueOptions.maxConnections(), Math.min(options.concurrency() + 2, 64));
        QueueClient.requireFit(new QueueKeys(queueOptions.prefix(), queueName), queueOptions);
        this.client = new QueueClient(queueName, queueOptions, new RedisExecutor(queueOptions.redis(), connections),
                true);
        this.context = new WorkerContext(client, options, processor);
        this.loop = new WorkerLoop(context);
    }

    /** Starts fetching and processing; returns this for chaining. */
    public Worker start() {
        loop.start();
        return this;
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /**
     * Stops taking new jobs on this worker only (BullMQ's {@code worker.pause(true)}): it returns at once, running
     * jobs carry on and finish normally, and the queue itself is not paused, so other workers keep taking its jobs.
     * A worker that holds some resource per job can pause while it has none left and {@link #resume} when one frees.
     */
    public void pause() {
        loop.pause();
    }

    /** Takes jobs again after {@link #pause()}; does nothing when not paused. */
    public void resume() {
        loop.resume();
    }

    /** Whether {@link #pause()} is in effect. */
    public boolean isPaused() {
        return loop.isPaused();
    }

    /** Jobs being processed right now. */
    public int activeJobs() {
        return loop.activeJobs();
    }

    /** Job locks this worker failed to renew since it was built (each may let its job run twice); for metrics. */
    public long lockRenewalFailures() {
        return context.lockRenewalFailures();
    }

    /** Closes with the configured shutdownTimeout. */
    @Override
    public void close() {
        close(options.shutdownTimeout());
    }

    /** Stops fetching, waits up to {@code timeout} for running jobs, releases the rest, closes connections. */
    public void close(Duration timeout) {
        loop.close(timeout);
        client.close();
    }
}
