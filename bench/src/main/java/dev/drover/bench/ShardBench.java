package dev.drover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.drover.queue.JobOptions;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two figures the Drover vs BullMQ harness does not give, each measured in one run on embedded servers:
 * <ul>
 *   <li><b>scale-out</b>: total jobs/s of N queues (one hash tag each, so they spread over the shards), each with
 *       its own worker, on a 3-master Cluster against the same on one node; reported as their ratio;</li>
 *   <li><b>WAIT cost</b>: single adds per second on a master with one replica, with {@code waitReplicas} 0 (BullMQ's
 *       behaviour) against 1 ({@code WAIT 1}), one producer and several.</li>
 * </ul>
 * Every figure is the median of {@code --repeats} runs after a warm-up run of each side, the two sides alternating.
 * Run: {@code ./bench/run.sh --shards [--queues 12] [--jobs 2000] [--concurrency 16] [--adds 3000]
 * [--producers 8] [--repeats 3]}.
 */
public final class ShardBench {

    private ShardBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = options(args);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("options", o);
        report.put("scaleOut", scaleOut(o.get("queues"), o.get("jobs"), o.get("concurrency"), o.get("repeats")));
        report.put("waitCost", waitCost(o.get("adds"), o.get("producers"), o.get("repeats")));
        Path out = Path.of(System.getProperty("bench.root", "."), "bench", "results", "shards.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        System.out.println("wrote " + out);
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> o = new LinkedHashMap<>(Map.of("queues", 12, "jobs", 2_000, "concurrency", 16,
                "adds", 3_000, "producers", 8, "repeats", 3));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
            }
            o.put(key, Integer.parseInt(args[i + 1]));
        }
        return o;
    }

    private static Map<String, Object> scaleOut(int queues, int jobs, int concurrency, int repeats) throws Exception {
        List<Double> one = new ArrayList<>();
        List<Double> three = new ArrayList<>();
        try (RedisServerProcess single = RedisServerProcess.start(false);
             LocalRedisCluster cluster = LocalRedisCluster.start(0)) {
            String singleUrl = "redis://127.0.0.1:" + single.port();
            processAll(singleUrl, queues, jobs / 4, concurrency); // warm-up (JIT, pools), not counted
            processAll(cluster.url(), queues, jobs / 4, concurrency);
            for (int r = 0; r < repeats; r++) {
                boolean singleFirst = r % 2 == 0;
                for (String url : singleFirst ? List.of(singleUrl, cluster.url()) : List.of(cluster.url(), singleUrl)) {
                    double jobsPerSec = processAll(url, queues, jobs, concurrency);
                    (url.equals(singleUrl) ? one : three).add(jobsPerSec);
                    progress(String.format(Locale.ROOT, "scale-out %s: %,.0f jobs/s", url.equals(singleUrl)
                            ? "one node" : "3-master cluster", jobsPerSec));
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oneNodeJobsPerSec", median(one));
        m.put("clusterJobsPerSec", median(three));
        m.put("ratio", median(three) / median(one));
        m.put("runs", Map.of("oneNode", one, "cluster", three));
        return m;
    }

    /** Prefills {@code queues} queues with {@code jobs} each, then times one worker per queue draining them all. */
    private static double processAll(String url, int queues, int jobs, int concurrency) throws Exception {
        String prefix = "b" + UUID.randomUUID().toString().substring(0, 6);
        QueueOptions qo = QueueOptions.builder().redisUrl(url).prefix(prefix).build();
        JobOptions gone = JobOptions.builder().removeOnComplete(true).build();
        List<String> names = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            names.add("{q" + q + "}");
            try (Queue queue = new Queue(names.get(q), qo)) {
                for (int from = 0; from < jobs; from += 500) {
                    List<NewJob> bulk = new ArrayList<>();
                    for (int i = from; i < Math.min(jobs, from + 500); i++) {
                        bulk.add(new NewJob("j", Map.of("i", i), gone));
                    }
                    queue.addBulk(bulk);
                }
            }
        }
        AtomicLong done = new AtomicLong();
        long total = (long) queues * jobs;
        long start = System.nanoTime();
        List<Worker> workers = new ArrayList<>();
        for (String n : names) {
            workers.add(new Worker(n, job -> done.incrementAndGet(), WorkerOptions.builder().concurrency(concurrency)
                    .build(), qo).start());
        }
        while (done.get() < total) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        workers.forEach(w -> w.close(Duration.ofSeconds(10)));
        return total / seconds;
    }

    private static Map<String, Object> waitCost(int adds, int producers, int repeats) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (RedisServerProcess master = RedisServerProcess.start(false);
             RedisServerProcess replica = RedisServerProcess.start(false, "--replicaof", "127.0.0.1",
                     Integer.toString(master.port()))) {
            String url = "redis://127.0.0.1:" + master.port();
            awaitReplica(url);
            addAll(url, 0, producers, adds / 2); // warm-up, not counted
            addAll(url, 1, producers, adds / 2);
            for (int threads : List.of(1, producers)) {
                List<Double> plain = new ArrayList<>();
                List<Double> waited = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    for (int replicas : r % 2 == 0 ? List.of(0, 1) : List.of(1, 0)) {
                        double perSec = addAll(url, replicas, threads, adds);
                        (replicas == 0 ? plain : waited).add(perSec);
                        progress(String.format(Locale.ROOT, "WAIT cost, %d producer(s), waitReplicas %d: %,.0f adds/s",
                                threads, replicas, perSec));
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("plainAddsPerSec", median(plain));
                row.put("wait1AddsPerSec", median(waited));
                row.put("ratio", median(waited) / median(plain));
                m.put(threads + " producer" + (threads == 1 ? "" : "s"), row);
            }
        }
        return m;
    }

    private static void awaitReplica(String url) throws InterruptedException {
        try (var j = new redis.clients.jedis.Jedis(java.net.URI.create(url))) {
            while (!j.info("replication").contains("connected_slaves:1")) {
                Thread.sleep(50);
            }
        }
    }

    private static double addAll(String url, int replicas, int threads, int adds) throws Exception {
        QueueOptions qo = QueueOptions.builder().redisUrl(url).prefix("w" + UUID.randomUUID().toString().substring(0, 6))
                .maxConnections(threads).waitForReplicas(replicas, Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Queue queue = new Queue("adds", qo)) {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < adds / threads; i++) {
                        queue.add("a", Map.of("i", i));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (adds / threads * threads) / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static void progress(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
