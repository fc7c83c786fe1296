package dev.drover.bench;

/**
 * The benchmark scenarios, in run order. Each has a stable id (used on the command line, in
 * {@code latest.json} and by the Node bench script) and says whether its throughput is for adding only.
 */
public enum Scenario {
    QUEUE_ADD("queue-add", true, "single adds, payload of 10 x 10 UUID strings"),
    QUEUE_ADD_BULK("queue-add-bulk", true, "addBulk in bulks of 50, tiny payload"),
    WORKER_GENERIC("worker-generic", false, "no-op jobs, concurrency 1 (queue prefilled)"),
    WORKER_CONCURRENT("worker-concurrent", false, "no-op jobs, concurrency 100, one worker process (prefilled)"),
    LATENCY("latency", false, "fixed offered rate; enqueue->start / enqueue->complete"),
    MIXED("mixed", false, "1/3 delayed, 1/3 prioritized, 1/3 failing once then retried; adds included");

    private final String id;
    private final boolean addOnly;
    private final String description;

    Scenario(String id, boolean addOnly, String description) {
        this.id = id;
        this.addOnly = addOnly;
        this.description = description;
    }

    public String id() { return id; }

    /** True when the scenario measures producers only (its ceiling is the add script alone). */
    public boolean addOnly() { return addOnly; }

    public String description() { return description; }

    /** The scenario with this id; throws IllegalArgumentException naming the known ids otherwise. */
    public static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(Scenario::id).toList());
    }
}
