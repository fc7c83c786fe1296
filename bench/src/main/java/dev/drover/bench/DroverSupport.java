package dev.drover.bench;

import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/** Helpers shared by the Drover trials: payloads, prefill, warm-up and waiting for completions. */
final class DroverSupport {

    private DroverSupport() {
    }

    /** The queue-add payload: 10 lists of 10 random UUID strings. */
    static List<List<String>> uuidPayload() {
        List<List<String>> rows = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            List<String> row = new ArrayList<>(10);
            for (int j = 0; j < 10; j++) {
                row.add(UUID.randomUUID().toString());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Adds {@code n} tiny jobs in bulks of {@code bulk}. */
    static void prefill(Queue queue, int n, int bulk) {
        List<NewJob> batch = new ArrayList<>(bulk);
        for (int i = 0; i < n; i++) {
            batch.add(NewJob.of("job", Map.of("i", i)));
            if (batch.size() == bulk || i == n - 1) {
                queue.addBulk(batch);
                batch = new ArrayList<>(bulk);
            }
        }
    }

    /** Blocks until the queue's completed set holds at least {@code n} jobs (polls ZCARD every ms). */
    static void awaitCompleted(String redisUrl, String queue, long n) throws InterruptedException {
        try (Jedis j = new Jedis(URI.create(redisUrl))) {
            String key = QueueOptions.DEFAULT_PREFIX + ":" + queue + ":completed";
            while (j.zcard(key) < n) {
                Thread.sleep(1);
            }
        }
    }

    /** Runs {@code n} single adds, {@code n} bulk adds and a worker over them on a side queue, to warm the JIT. */
    static void warmUp(QueueOptions qo, String redisUrl, String queueName, int n, int concurrency)
            throws InterruptedException {
        if (n <= 0) {
            return;
        }
        try (Queue queue = new Queue(queueName, qo)) {
            List<List<String>> payload = uuidPayload();
            for (int i = 0; i < n; i++) {
                queue.add("warm", payload);
            }
            prefill(queue, n, 50);
        }
        AtomicLong done = new AtomicLong();
        Worker worker = new Worker(queueName, job -> done.incrementAndGet(), workerOptions(concurrency), qo).start();
        awaitCompleted(redisUrl, queueName, 2L * n);
        worker.close(Duration.ofSeconds(5));
    }

    /** Worker options for the benchmarks: BullMQ's defaults apart from concurrency. */
    static WorkerOptions workerOptions(int concurrency) {
        return WorkerOptions.builder().concurrency(concurrency).build();
    }
}
