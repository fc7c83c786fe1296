package dev.drover.bench;

import dev.drover.queue.Queue;
import dev.drover.queue.QueueEvents;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * latency: an open-loop producer offers {@code rate} jobs/s for {@code durationMs} (each add on its own virtual
 * thread at its due time, so a slow add does not delay the next), one worker of {@code concurrency} processes them,
 * and a QueueEvents listener observes completions. enqueue->start is measured in the processor,
 * enqueue->complete when the {@code completed} event arrives. In {@link #prepare}, as in the Node trial, the queue is
 * connected ({@code waitUntilReady()}: otherwise its pool grows during the window, and each new connection's set-up,
 * 4-5 ms through the bench's 1 ms proxy, lands on the jobs added meanwhile), and the listener and the worker (idle
 * on its marker until the first add) are started.
 */
final class DroverLatencyTrial implements Trial {

    private final RunSpec spec;
    private final QueueOptions qo;
    private final LatencyRecorder recorder;
    private Queue queue;
    private Worker worker;
    private QueueEvents events;

    DroverLatencyTrial(RunSpec spec, QueueOptions qo) {
        this.spec = spec;
        this.qo = qo;
        this.recorder = new LatencyRecorder(spec.jobs());
    }

    @Override
    public void prepare() throws Exception {
        DroverSupport.warmUp(qo, spec.redisUrl(), spec.queue() + "-warm", spec.warmupJobs(), spec.concurrency());
        queue = new Queue(spec.queue(), qo);
        queue.waitUntilReady();
        worker = new Worker(spec.queue(), job -> {
            recorder.started(job.id(), job.data().path("t").asLong());
            return null;
        }, DroverSupport.workerOptions(spec.concurrency()), qo);
        events = new QueueEvents(spec.queue(), qo, e -> {
            if ("completed".equals(e.type())) {
                e.jobId().ifPresent(recorder::completed);
            }
        });
        events.start();
        worker.start();
    }

    @Override
    public long run() throws Exception {
        long intervalNanos = 1_000_000_000L / spec.rate();
        long begin = System.nanoTime();
        try (ExecutorService adds = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < spec.jobs(); i++) {
                long due = begin + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                adds.submit(() -> queue.add("job", Map.of("t", System.nanoTime())));
            }
        }
        if (!recorder.await(spec.durationMs() + 30_000)) {
            System.err.println("latency: not every completion was observed in time");
        }
        return spec.jobs();
    }

    @Override
    public Map<String, Object> extra() {
        return recorder.figures();
    }

    @Override
    public void close() {
        worker.close(Duration.ofSeconds(5));
        events.close();
        queue.close();
    }
}
