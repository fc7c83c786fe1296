package dev.drover.bench;

import dev.drover.testing.redis.RedisServerProcess;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The harness: on one Redis (embedded redis-server, or {@code --redis URL}) measures the ceiling, then for each
 * scenario one call-counting audit run per system and {@code --repeats} timed runs per system, alternating which
 * system goes first, and reports medians (terminal, latest.json, docs/benchmarks.md). Run from the repository root
 * (or set {@code -Dbench.root}); see {@link BenchConfig#USAGE}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        BenchConfig config;
        try {
            config = BenchConfig.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        RedisServerProcess embedded = config.redisUrl() == null ? RedisServerProcess.start(false) : null;
        String url = embedded != null ? "redis://127.0.0.1:" + embedded.port() : config.redisUrl();
        // a generous timeout: on a loaded machine FLUSHALL after a big run can take seconds
        try (Jedis jedis = new Jedis(URI.create(url), 120_000)) {
            Map<String, Object> report = run(config, jedis, url, args, embedded != null);
            System.out.println("\n" + Reports.terminal(report));
            Reports.json(report, config.out());
            System.out.println("wrote " + root.relativize(config.out().toAbsolutePath()));
            if (config.docs() != null) {
                Reports.markdown(report, config.docs());
                System.out.println("updated " + root.relativize(config.docs().toAbsolutePath()));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static Map<String, Object> run(BenchConfig config, Jedis jedis, String url, String[] args,
                                           boolean embedded) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("command", ("bench/run.sh " + String.join(" ", args)).trim());
        String version = jedis.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring(14).trim()).findFirst().orElse("unknown");
        report.put("machine", MachineInfo.describe(version, embedded ? "embedded redis-server" : "--redis"));
        report.put("config", configMap(config));
        URI uri = URI.create(url);
        File log = config.out().resolveSibling("children.log").toFile();
        log.getParentFile().mkdirs();
        jedis.flushAll();
        progress("ceiling: " + config.jobs("ceiling-jobs", 1) + " jobs");
        Map<String, Object> ceiling = Ceiling.measure(jedis, config.jobs("ceiling-jobs", 1));
        report.put("ceiling", ceiling);
        List<LatencyProxy> proxies = new ArrayList<>();
        Map<Double, Runs> runsByRtt = new LinkedHashMap<>();
        Map<String, Object> scenarios = new LinkedHashMap<>();
        try {
            for (double rtt : config.rttMs()) {
                String childUrl = url;
                if (rtt > 0) {
                    LatencyProxy proxy = new LatencyProxy(uri.getHost(), uri.getPort(), rtt);
                    proxies.add(proxy);
                    childUrl = proxy.url();
                }
                URI child = URI.create(childUrl);
                runsByRtt.put(rtt, new Runs(config, jedis, childUrl, child.getHost(), child.getPort(), log));
            }
            for (Scenario s : config.scenarios()) {
                for (var e : runsByRtt.entrySet()) {
                    String label = BenchConfig.label(s, e.getKey());
                    scenarios.put(label, Summary.scenario(s, scenario(config, e.getValue(), s, label), ceiling));
                }
            }
        } finally {
            proxies.forEach(LatencyProxy::close);
        }
        report.put("scenarios", scenarios);
        report.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        return report;
    }

    /** Audit runs, then the timed repeats, alternating the order of the systems each repeat. */
    private static Map<String, Map<String, Object>> scenario(BenchConfig config, Runs runs, Scenario s,
                                                             String label) throws Exception {
        Map<String, List<Map<String, Object>>> timed = new LinkedHashMap<>();
        Map<String, Double> calls = new LinkedHashMap<>();
        for (String system : config.systems()) {
            timed.put(system, new ArrayList<>());
            if (config.audit()) {
                progress(label + " / " + system + ": audit run (client calls)");
                calls.put(system, runs.clientCallsPerJob(s, system));
            }
        }
        for (int r = 0; r < config.repeats(); r++) {
            List<String> order = new ArrayList<>(config.systems());
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String system : order) {
                Map<String, Object> result = runs.timed(s, system);
                progress(String.format(java.util.Locale.ROOT, "%s / %s: repeat %d: %,.0f jobs/s", label, system,
                        r + 1, Summary.num(result, "jobsPerSec")));
                timed.get(system).add(result);
            }
        }
        Map<String, Map<String, Object>> bySystem = new LinkedHashMap<>();
        timed.forEach((system, list) -> {
            Map<String, Object> m = Summary.medians(list);
            m.put("clientCallsPerJob", calls.getOrDefault(system, Double.NaN));
            bySystem.put(system, m);
        });
        return bySystem;
    }

    private static Map<String, Object> configMap(BenchConfig c) {
        Map<String, Object> m = new LinkedHashMap<>(c.sizes());
        m.put("repeats", c.repeats());
        m.put("scale", c.scale());
        m.put("audit", c.audit());
        m.put("auditScale", c.auditScale());
        m.put("systems", c.systems());
        m.put("rttMs", c.rttMs());
        m.put("droverJvmOptions", c.droverJvmOptions());
        return m;
    }

    private static void progress(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
