package dev.drover.bench;

import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drover's worker scenarios: worker-generic / worker-concurrent (prefilled no-op jobs) and mixed. */
final class DroverWorkerTrials {

    private DroverWorkerTrials() {
    }

    /** Prefills {@code jobs} tiny jobs, then measures one worker of {@code concurrency} draining them. */
    static Trial drain(RunSpec spec, QueueOptions qo) {
        return new Trial() {
            private Worker worker;

            @Override
            public void prepare() throws Exception {
                DroverSupport.warmUp(qo, spec.redisUrl(), spec.queue() + "-warm", spec.warmupJobs(),
                        spec.concurrency());
                try (Queue queue = new Queue(spec.queue(), qo)) {
                    DroverSupport.prefill(queue, spec.jobs(), 1000);
                }
                worker = new Worker(spec.queue(), job -> null, DroverSupport.workerOptions(spec.concurrency()), qo);
            }

            @Override
            public long run() throws Exception {
                worker.start();
                DroverSupport.awaitCompleted(spec.redisUrl(), spec.queue(), spec.jobs());
                return spec.jobs();
            }

            @Override
            public void close() {
                worker.close(Duration.ofSeconds(5));
            }
        };
    }

    /**
     * mixed: a worker of {@code concurrency} starts, then {@code jobs} jobs are added in bulks: every third one
     * delayed by 0-99 ms, every third prioritized (1-10), every third failing its first attempt (attempts 2, no
     * backoff). The window ends when all are completed.
     */
    static Trial mixed(RunSpec spec, QueueOptions qo) {
        return new Trial() {
            private Worker worker;
            private Queue queue;
            private final List<List<NewJob>> batches = new ArrayList<>();

            @Override
            public void prepare() throws Exception {
                DroverSupport.warmUp(qo, spec.redisUrl(), spec.queue() + "-warm", spec.warmupJobs(),
                        spec.concurrency());
                for (int i = 0; i < spec.jobs(); i += spec.bulk()) {
                    List<NewJob> batch = new ArrayList<>(spec.bulk());
                    for (int k = i; k < Math.min(spec.jobs(), i + spec.bulk()); k++) {
                        batch.add(mixedJob(k));
                    }
                    batches.add(batch);
                }
                queue = new Queue(spec.queue(), qo);
                worker = new Worker(spec.queue(), job -> {
                    if (job.data().path("fail").asBoolean() && job.attemptsMade() == 0) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return null;
                }, DroverSupport.workerOptions(spec.concurrency()), qo);
            }

            @Override
            public long run() throws Exception {
                worker.start();
                for (List<NewJob> batch : batches) {
                    queue.addBulk(batch);
                }
                DroverSupport.awaitCompleted(spec.redisUrl(), spec.queue(), spec.jobs());
                return spec.jobs();
            }

            @Override
            public void close() {
                worker.close(Duration.ofSeconds(5));
                queue.close();
            }
        };
    }

    private static NewJob mixedJob(int k) {
        return switch (k % 3) {
            case 0 -> new NewJob("delayed", Map.of("i", k), JobOptions.builder().delay(k % 100).build());
            case 1 -> new NewJob("prioritized", Map.of("i", k), JobOptions.builder().priority(1 + k % 10).build());
            default -> new NewJob("retried", Map.of("i", k, "fail", true),
                    JobOptions.builder().attempts(2).backoff(Backoff.fixed(0)).build());
        };
    }
}
