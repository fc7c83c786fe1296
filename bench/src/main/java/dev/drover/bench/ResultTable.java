package dev.drover.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the results as rows: a throughput/cost table and a latency table, either aligned for the terminal or
 * as Markdown. {@code results} is latest.json's {@code scenarios} map (scenario -> system -> figures).
 */
final class ResultTable {

    static final List<String> MAIN_HEADER = List.of("scenario", "system", "jobs/s", "Drover/BullMQ", "% ceiling",
            "client calls/job", "Redis cmds/job", "Lua calls/job", "Redis CPU µs/job", "proc CPU µs/job",
            "peak heap MB", "peak RSS MB");
    static final List<String> LATENCY_HEADER = List.of("scenario", "system", "start p50 ms", "start p99 ms", "start max ms",
            "complete p50 ms", "complete p99 ms", "complete max ms");

    private ResultTable() {
    }

    /** One row per scenario and system. */
    @SuppressWarnings("unchecked")
    static List<List<String>> mainRows(Map<String, Object> results) {
        List<List<String>> rows = new ArrayList<>();
        results.forEach((scenario, v) -> {
            Map<String, Object> bySystem = (Map<String, Object>) v;
            Map<String, Object> ratio = (Map<String, Object>) bySystem.getOrDefault("droverOverBullmq", Map.of());
            bySystem.forEach((system, f) -> {
                if (system.equals("droverOverBullmq")) {
                    return;
                }
                Map<String, Object> m = (Map<String, Object>) f;
                rows.add(List.of(scenario, system, fmt(m, "jobsPerSec", 0),
                        system.equals("drover") ? fmt(ratio, "jobsPerSec", 2) + "×" : "",
                        pct(Summary.num(m, "ceilingShare")), fmt(m, "clientCallsPerJob", 2),
                        fmt(m, "redisCmdsPerJob", 1), fmt(m, "luaPerJob", 2), fmt(m, "redisCpuUsPerJob", 1),
                        fmt(m, "procCpuUsPerJob", 0), fmt(m, "peakHeapMb", 0), fmt(m, "peakRssMb", 0)));
            });
        });
        return rows;
    }

    /** The latency scenario's rows, at each RTT it ran at (empty when it did not run). */
    @SuppressWarnings("unchecked")
    static List<List<String>> latencyRows(Map<String, Object> results) {
        List<List<String>> rows = new ArrayList<>();
        results.forEach((scenario, v) -> {
            if (!scenario.equals(Scenario.LATENCY.id()) && !scenario.startsWith(Scenario.LATENCY.id() + " @")) {
                return;
            }
            ((Map<String, Object>) v).forEach((system, f) -> {
                if (!system.equals("droverOverBullmq")) {
                    Map<String, Object> m = (Map<String, Object>) f;
                    rows.add(List.of(scenario, system, fmt(m, "startP50Ms", 2), fmt(m, "startP99Ms", 2),
                            fmt(m, "startMaxMs", 1), fmt(m, "completeP50Ms", 2), fmt(m, "completeP99Ms", 2),
                            fmt(m, "completeMaxMs", 1)));
                }
            });
        });
        return rows;
    }

    /** Columns padded to their widest cell. */
    static String aligned(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        List<List<String>> all = new ArrayList<>(rows);
        all.add(0, header);
        all.forEach(r -> { for (int i = 0; i < r.size(); i++) { w[i] = Math.max(w[i], r.get(i).length()); } });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(String.format(i < 2 ? "%-" + w[i] + "s  " : "%" + w[i] + "s  ", r.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A GitHub-flavoured Markdown table. */
    static String markdown(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> sb.append("---|"));
        sb.append('\n');
        rows.forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
        return sb.toString();
    }

    static String fmt(Map<String, Object> m, String key, int decimals) {
        double v = Summary.num(m, key);
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
