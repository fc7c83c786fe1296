package dev.drover.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Medians over repeated runs, and the cross-system figures (Drover/BullMQ ratio, share of the ceiling). */
final class Summary {

    private Summary() {
    }

    /** The median of every numeric figure across {@code runs}, plus {@code runs} (the count) and the raw runs. */
    static Map<String, Object> medians(List<Map<String, Object>> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (runs.isEmpty()) {
            return out;
        }
        for (String key : runs.get(0).keySet()) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                if (run.get(key) instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
            if (!values.isEmpty()) {
                out.put(key, Percentiles.median(values));
            }
        }
        out.put("repeats", runs.size());
        out.put("runs", runs);
        return out;
    }

    /**
     * Adds to each system's summary its share of the ceiling ({@code ceilingShare}, jobs/s over the ceiling's
     * jobs/s: the add-only ceiling for add scenarios) and, when both systems ran, the scenario's
     * {@code droverOverBullmq} ratios of jobs/s (higher is better for Drover) and of per-job Redis work.
     */
    static Map<String, Object> scenario(Scenario s, Map<String, Map<String, Object>> bySystem,
                                        Map<String, Object> ceiling) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ceil = (Map<String, Object>) ceiling.get(s.addOnly() ? "add" : "job");
        double ceilingRate = ceil == null ? Double.NaN : ((Number) ceil.get("jobsPerSec")).doubleValue();
        Map<String, Object> out = new LinkedHashMap<>();
        bySystem.forEach((system, figures) -> {
            figures.put("ceilingShare", num(figures, "jobsPerSec") / ceilingRate);
            out.put(system, figures);
        });
        Map<String, Object> d = bySystem.get("drover");
        Map<String, Object> b = bySystem.get("bullmq");
        if (d != null && b != null) {
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (String key : List.of("jobsPerSec", "redisCmdsPerJob", "redisCpuUsPerJob", "procCpuUsPerJob",
                    "clientCallsPerJob", "completeP99Ms")) {
                if (d.get(key) instanceof Number && b.get(key) instanceof Number) {
                    ratio.put(key, num(d, key) / num(b, key));
                }
            }
            out.put("droverOverBullmq", ratio);
        }
        return out;
    }

    static double num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
