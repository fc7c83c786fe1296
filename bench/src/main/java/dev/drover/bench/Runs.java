package dev.drover.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;

/**
 * Runs single scenario executions against one Redis: builds the {@link RunSpec}, flushes Redis, starts the
 * system's child, brackets its window with INFO snapshots (and proxy counts for audit runs) and derives the
 * per-job figures. Children connect to {@code redisUrl}, which is Redis itself or a {@link LatencyProxy} in front
 * of it; the orchestrator's own connection ({@code jedis}) always goes straight to Redis.
 */
final class Runs {

    private final BenchConfig config;
    private final Jedis jedis;
    private final String redisUrl;
    private final String redisHost;
    private final int redisPort;
    private final File log;
    private int sequence;

    Runs(BenchConfig config, Jedis jedis, String redisUrl, String host, int port, File log) {
        this.config = config;
        this.jedis = jedis;
        this.redisUrl = redisUrl;
        this.redisHost = host;
        this.redisPort = port;
        this.log = log;
    }

    /** The spec for one run; {@code audit} runs are {@code auditScale} the size and go through the proxy. */
    RunSpec spec(Scenario s, boolean audit, String url) {
        double f = audit ? config.auditScale() : 1.0;
        String queue = "bench-" + s.id() + "-" + (++sequence);
        int warm = audit ? Math.min(200, config.jobs("warmup", 1)) : config.jobs("warmup", 1);
        return switch (s) {
            case QUEUE_ADD -> new RunSpec(s, url, queue, config.jobs("add-jobs", f), 50, 1,
                    config.size("add-concurrency"), 0, 0, warm);
            case QUEUE_ADD_BULK -> new RunSpec(s, url, queue, config.jobs("bulk-jobs", f), config.size("bulk-size"),
                    1, 1, 0, 0, warm);
            case WORKER_GENERIC -> new RunSpec(s, url, queue, config.jobs("generic-jobs", f), 50, 1, 1, 0, 0, warm);
            case WORKER_CONCURRENT -> new RunSpec(s, url, queue, config.jobs("concurrent-jobs", f), 50,
                    config.size("concurrency"), 1, 0, 0, warm);
            case LATENCY -> {
                long ms = Math.max(1000, Math.round(config.size("latency-seconds") * 1000.0 * f));
                int rate = config.size("latency-rate");
                yield new RunSpec(s, url, queue, (int) (rate * ms / 1000), 50, config.size("latency-concurrency"), 1,
                        rate, ms, warm);
            }
            case MIXED -> new RunSpec(s, url, queue, config.jobs("mixed-jobs", f), 50,
                    config.size("mixed-concurrency"), 1, 0, 0, warm);
        };
    }

    /** One timed run straight to Redis: the child's figures plus Redis deltas, all per job where it makes sense. */
    Map<String, Object> timed(Scenario s, String system) throws Exception {
        RunSpec spec = spec(s, false, redisUrl);
        AtomicReference<RedisStats> before = new AtomicReference<>();
        AtomicReference<RedisStats.Delta> delta = new AtomicReference<>();
        jedis.flushAll();
        Map<String, Object> child = ChildRun.run(command(system, spec), log, maxSeconds(spec), new ChildRun.Window() {
            public void beforeGo() { before.set(RedisStats.take(jedis)); }
            public void afterResult() { delta.set(RedisStats.take(jedis).since(before.get())); }
        });
        return derive(child, delta.get());
    }

    /** One audit run through the call-counting proxy: client calls per job. */
    double clientCallsPerJob(Scenario s, String system) throws Exception {
        try (CallCountingProxy proxy = new CallCountingProxy(redisHost, redisPort)) {
            RunSpec spec = spec(s, true, proxy.url());
            AtomicLong start = new AtomicLong();
            AtomicLong end = new AtomicLong();
            jedis.flushAll();
            ChildRun.run(command(system, spec), log, maxSeconds(spec), new ChildRun.Window() {
                public void beforeGo() { start.set(proxy.commands()); }
                public void afterResult() { end.set(proxy.commands()); }
            });
            return (double) (end.get() - start.get()) / spec.jobs();
        }
    }

    private static long maxSeconds(RunSpec spec) {
        return 300 + spec.durationMs() / 1000;
    }

    private List<String> command(String system, RunSpec spec) throws Exception {
        String json = ChildProtocol.JSON.writeValueAsString(spec.toMap());
        List<String> cmd = new ArrayList<>();
        if ("drover".equals(system)) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(config.droverJvmOptions());
            cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp",
                    System.getProperty("java.class.path"), DroverChild.class.getName()));
        } else if ("bullmq".equals(system)) {
            cmd.add(System.getenv().getOrDefault("NODE", "node"));
            cmd.add(config.repoRoot().resolve("bench/node/bench.js").toString());
        } else {
            throw new IllegalArgumentException("unknown system " + system);
        }
        cmd.add(json);
        return cmd;
    }

    /** Child figures + Redis deltas -> the per-run figure map. */
    static Map<String, Object> derive(Map<String, Object> child, RedisStats.Delta d) {
        double jobs = ((Number) child.get("jobs")).doubleValue();
        double ms = ((Number) child.get("elapsedMs")).doubleValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobsPerSec", jobs * 1000 / ms);
        m.put("redisCmdsPerJob", d.commands() / jobs);
        m.put("luaPerJob", d.luaCalls() / jobs);
        m.put("redisCpuUsPerJob", d.cpuMicros() / jobs);
        m.put("procCpuUsPerJob", ((Number) child.get("cpuMs")).doubleValue() * 1000 / jobs);
        child.forEach((k, v) -> {
            if (!m.containsKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
