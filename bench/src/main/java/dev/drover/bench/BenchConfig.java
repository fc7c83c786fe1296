package dev.drover.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's settings, from {@code --name value} options (see {@link #USAGE}). Sizes are the issue's; the
 * defaults finish in under 10 minutes on a 2-core machine. {@code --scale} multiplies every job count (not the
 * latency duration).
 */
record BenchConfig(String redisUrl, int repeats, List<Scenario> scenarios, List<String> systems, double scale,
                   Map<String, Integer> sizes, boolean audit, double auditScale, Path out, Path docs, Path repoRoot,
                   List<Double> rttMs, List<String> droverJvmOptions) {

    /**
     * The Drover child's JVM flags unless {@code --drover-jvm-opts} says otherwise (see docs/benchmarks.md, "Client
     * CPU"). C1 only ({@code TieredStopAtLevel=1}), as the CLI and the demo daemons run: the no-op workers spend
     * their CPU in the queue client, where C1's code costs about what C2's does per job, while C2's compilations
     * cost 1.5-3 s of CPU per JVM start, most of the measured window at bench sizes.
     */
    static final String DEFAULT_DROVER_JVM_OPTS = "-XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1";

    static final String USAGE = """
            usage: bench/run.sh [options]
              --redis URL             use this Redis (default: start an embedded redis-server)
              --rtt-ms a,b            round-trip times to run every scenario at, through a delaying proxy (default 0;
                                      0 = straight to Redis), e.g. 0,1
              --drover-jvm-opts S     JVM flags of the Drover child (default "-XX:+UseSerialGC -Xms64m -Xmx256m
                                      -XX:TieredStopAtLevel=1")
              --repeats N             timed runs per scenario and system, alternating (default 3)
              --scenarios a,b         subset of: queue-add,queue-add-bulk,worker-generic,worker-concurrent,latency,mixed
              --systems a,b           drover,bullmq (default both)
              --scale F               multiply every job count by F (default 1; 0.1 for a smoke run)
              --add-jobs N            queue-add jobs (10000)        --add-concurrency N  concurrent adders (1)
              --bulk-jobs N           queue-add-bulk jobs (100000)  --bulk-size N        jobs per addBulk (50)
              --generic-jobs N        worker-generic jobs (10000)
              --concurrent-jobs N     worker-concurrent jobs (100000) --concurrency N     its concurrency (100)
              --latency-seconds N     latency duration (30)         --latency-rate N     offered jobs/s (1000)
              --latency-concurrency N latency worker concurrency (10)
              --mixed-jobs N          mixed jobs (10000)            --mixed-concurrency N (50)
              --warmup N              warm-up jobs per child before its window (1000; scaled by --scale)
              --ceiling-jobs N        jobs in the ceiling loops (100000)
              --no-audit              skip the call-counting audit run (client calls per job)
              --audit-scale F         size of the audit run relative to a timed run (0.2)
              --out FILE              JSON results (bench/results/latest.json)
              --docs FILE             markdown page whose results section is rewritten (docs/benchmarks.md; 'none' to skip)
            """;

    private static final Map<String, Integer> DEFAULT_SIZES = defaults();

    private static Map<String, Integer> defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("add-jobs", 10_000);
        m.put("add-concurrency", 1);
        m.put("bulk-jobs", 100_000);
        m.put("bulk-size", 50);
        m.put("generic-jobs", 10_000);
        m.put("concurrent-jobs", 100_000);
        m.put("concurrency", 100);
        m.put("latency-seconds", 30);
        m.put("latency-rate", 1000);
        m.put("latency-concurrency", 10);
        m.put("mixed-jobs", 10_000);
        m.put("mixed-concurrency", 50);
        m.put("warmup", 1000);
        m.put("ceiling-jobs", 100_000);
        return m;
    }

    /** Parses the command line; throws IllegalArgumentException with the problem (caller prints usage). */
    static BenchConfig parse(String[] args, Path repoRoot) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (a.equals("--no-audit")) {
                opts.put("no-audit", "true");
            } else if (i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        Map<String, Integer> sizes = new LinkedHashMap<>(DEFAULT_SIZES);
        for (String key : DEFAULT_SIZES.keySet()) {
            if (opts.containsKey(key)) {
                sizes.put(key, Integer.parseInt(opts.remove(key)));
            }
        }
        BenchConfig c = new BenchConfig(opts.remove("redis"), Integer.parseInt(opts.getOrDefault("repeats", "3")),
                scenarios(opts.remove("scenarios")), List.of(opts.getOrDefault("systems", "drover,bullmq").split(",")),
                Double.parseDouble(opts.getOrDefault("scale", "1")), sizes, opts.remove("no-audit") == null,
                Double.parseDouble(opts.getOrDefault("audit-scale", "0.2")),
                repoRoot.resolve(opts.getOrDefault("out", "bench/results/latest.json")),
                "none".equals(opts.get("docs")) ? null : repoRoot.resolve(opts.getOrDefault("docs", "docs/benchmarks.md")),
                repoRoot, rtts(opts.getOrDefault("rtt-ms", "0")),
                List.of(opts.getOrDefault("drover-jvm-opts", DEFAULT_DROVER_JVM_OPTS).trim().split("\\s+")));
        List.of("repeats", "systems", "scale", "audit-scale", "out", "docs", "rtt-ms", "drover-jvm-opts")
                .forEach(opts::remove);
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + opts.keySet());
        }
        return c;
    }

    private static List<Double> rtts(String list) {
        List<Double> out = new ArrayList<>();
        for (String v : list.split(",")) {
            double ms = Double.parseDouble(v.trim());
            if (ms < 0) {
                throw new IllegalArgumentException("--rtt-ms must not be negative: " + v);
            }
            out.add(ms);
        }
        return out;
    }

    /** The results key of {@code s} run at {@code rttMs}: the scenario id, with the RTT appended when not 0. */
    static String label(Scenario s, double rttMs) {
        return rttMs == 0 ? s.id() : s.id() + " @" + new java.text.DecimalFormat("0.###").format(rttMs) + "ms";
    }

    private static List<Scenario> scenarios(String list) {
        if (list == null) {
            return List.of(Scenario.values());
        }
        List<Scenario> out = new ArrayList<>();
        Arrays.stream(list.split(",")).map(String::trim).map(Scenario::byId).forEach(out::add);
        return out;
    }

    /** A job count option, scaled by {@code --scale} and {@code factor} (never below 1). */
    int jobs(String key, double factor) {
        return Math.max(1, (int) Math.round(sizes.get(key) * scale * factor));
    }

    int size(String key) {
        return sizes.get(key);
    }
}
