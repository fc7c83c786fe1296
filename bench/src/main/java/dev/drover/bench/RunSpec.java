package dev.drover.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one child run (Drover JVM or BullMQ Node process) does: the scenario, where Redis is, the queue name and
 * the sizes. Serialised as a flat JSON object on the child's command line; both children read the same fields.
 *
 * @param scenario       which scenario
 * @param redisUrl       redis://host:port the child connects to (possibly the call-counting proxy)
 * @param queue          queue name (unique per run)
 * @param jobs           jobs in the window (for latency: rate x duration)
 * @param bulk           jobs per addBulk call
 * @param concurrency    worker concurrency
 * @param addConcurrency concurrent producers for queue-add (1 = one add at a time)
 * @param rate           offered rate, jobs/s (latency)
 * @param durationMs     offered-load duration (latency)
 * @param warmupJobs     jobs pushed through the same code paths before the window (0 = none)
 */
public record RunSpec(Scenario scenario, String redisUrl, String queue, int jobs, int bulk, int concurrency,
                      int addConcurrency, int rate, long durationMs, int warmupJobs) {

    /** The JSON-ready field map (scenario as its id). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.id());
        m.put("redisUrl", redisUrl);
        m.put("queue", queue);
        m.put("jobs", jobs);
        m.put("bulk", bulk);
        m.put("concurrency", concurrency);
        m.put("addConcurrency", addConcurrency);
        m.put("rate", rate);
        m.put("durationMs", durationMs);
        m.put("warmupJobs", warmupJobs);
        return m;
    }

    /** Parses {@link #toMap()}'s form. */
    public static RunSpec fromMap(Map<String, Object> m) {
        return new RunSpec(Scenario.byId((String) m.get("scenario")), (String) m.get("redisUrl"),
                (String) m.get("queue"), num(m, "jobs"), num(m, "bulk"), num(m, "concurrency"),
                num(m, "addConcurrency"), num(m, "rate"), ((Number) m.get("durationMs")).longValue(),
                num(m, "warmupJobs"));
    }

    private static int num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }
}
