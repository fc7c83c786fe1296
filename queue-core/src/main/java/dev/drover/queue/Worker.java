package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.runtime.ManualProcessing;
import dev.drover.queue.internal.runtime.WorkerContext;
import dev.drover.queue.internal.runtime.WorkerLoop;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Processes a queue's jobs with a {@link Processor}, BullMQ-compatibly: Node workers may share the queue.
 * {@link #start()} begins fetching; {@link #close()} stops in two phases (stop fetching, wait up to
 * shutdownTimeout for running jobs, give the rest back to wait). Delivery is at-least-once.
 *
 * <p>Manual processing, as BullMQ's: build the worker without a processor, never start it, and take jobs with
 * {@link #getNextJob(String)} under lock tokens of your own; end each attempt with the job's
 * {@link Job#moveToCompleted}, {@link Job#moveToFailed}, {@link Job#moveToDelayed} or {@link Job#moveToWait}, which
 * settle it exactly as the worker's own loop does. Nothing renews the locks or runs the stalled check for you:
 * finish within lockDuration and call {@link #moveStalledJobsToWait()} now and then.
 * <pre>{@code
 * Worker worker = new Worker("emails", null, WorkerOptions.DEFAULTS, redis);
 * String token = UUID.randomUUID().toString();
 * Optional<Job> job = worker.getNextJob(token);
 * while (job.isPresent()) {
 *     job = job.get().moveToCompleted(send(job.get()), token, true);   // and takes the next one
 * }
 * }</pre>
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
        QueueClient.requireFit(new QueueKeys(queueOptions.prefix(), QueueKeys.requireUsableName(queueName)),
                queueOptions);
        this.client = new QueueClient(queueName, queueOptions, new RedisExecutor(queueOptions.redis(), connections),
                true, options);
        this.context = new WorkerContext(client, options, instrumented(queueName, processor, queueOptions.telemetry()));
        this.loop = new WorkerLoop(context);
    }

    private static Processor instrumented(String queueName, Processor processor, Telemetry telemetry) {
        return processor == null || telemetry == Telemetry.NONE ? processor
                : job -> telemetry.process(queueName, job, processor);
    }

    /** Starts fetching and processing; returns this for chaining. A worker without processor cannot start. */
    public Worker start() {
        if (context.processor() == null) {
            throw new IllegalStateException("a worker without processor is for manual processing (getNextJob)");
        }
        loop.start();
        return this;
    }

    /**
     * Manual processing: takes the next ready job and locks it under {@code token} for lockDuration, without
     * blocking; empty when none is ready, the queue is paused, or it is rate limited (then this worker asks Redis
     * again only once the limit has passed). Taking a job scheduler's job writes the scheduler's next job.
     */
    public Optional<Job> getNextJob(String token) {
        return client.manual().getNextJob(token);
    }

    /**
     * Sets the queue's limiter for {@code expire} (BullMQ's worker.rateLimit): every worker with a limiter of its own
     * fetches nothing until it runs out. Then give the job back with {@link Job#moveToWait}, which makes this worker
     * wait it out too.
     */
    public void rateLimit(Duration expire) {
        client.manual().rateLimit(expire);
    }

    /**
     * Runs the stalled check now (at most once per stalledInterval across all workers, like the running worker's):
     * active jobs whose lock expired go back to wait; returns their ids.
     */
    public List<String> moveStalledJobsToWait() {
        return client.manual().moveStalledJobsToWait();
    }

    /** This worker's manual processing, for tests in this package that end several attempts at once. */
    ManualProcessing manualProcessing() {
        return client.manual();
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
