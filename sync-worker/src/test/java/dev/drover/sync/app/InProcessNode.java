package dev.drover.sync.app;

import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.sync.SegmentScheduler;
import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.crm.RequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;

/**
 * What one sync-worker process runs, wired in the test JVM with the production classes: a queue handle, the scheduler
 * tick and a {@code lead-sync} worker. {@code wrap} lets a test observe the processor (e.g. count overlapping runs).
 */
final class InProcessNode implements AutoCloseable {

    final Queue queue;
    final SchedulerLoop scheduler;
    final Worker worker;

    InProcessNode(TestRedis redis, DSLContext dsl, SprintHubConfig crm, InstantSource clock, int concurrency,
                  UnaryOperator<Processor> wrap) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.queue = new Queue(SyncJobData.QUEUE, qo);
        this.scheduler = new SchedulerLoop(new SegmentScheduler(dsl, clock),
                new SegmentRunEnqueuer(queue, new SegmentRunEnqueuer.RetryPolicy(3, Duration.ofMillis(50))), 10,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        SegmentSync sync = new SegmentSync(dsl, new SprintHubClient(crm, RequestRateLimiter.unlimited()), clock);
        Processor processor = Processor.byName(Map.of(SyncJobData.JOB_NAME, new SyncJobProcessor(sync)));
        this.worker = new Worker(SyncJobData.QUEUE, wrap.apply(processor),
                WorkerOptions.builder().concurrency(concurrency).drainDelay(Duration.ofSeconds(1)).build(), qo);
    }

    InProcessNode startWorker() {
        worker.start();
        return this;
    }

    @Override
    public void close() {
        scheduler.close();
        worker.close(Duration.ofSeconds(5));
        queue.close();
    }
}
