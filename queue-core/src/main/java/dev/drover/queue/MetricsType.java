package dev.drover.queue;

/** The two kinds of per-minute metrics BullMQ keeps ({@code P:Q:metrics:completed} and {@code P:Q:metrics:failed}). */
public enum MetricsType {
    COMPLETED("completed"),
    FAILED("failed");

    private final String bullName;

    MetricsType(String bullName) {
        this.bullName = bullName;
    }

    /** BullMQ's name, also the key suffix: "completed" or "failed". */
    public String bullName() {
        return bullName;
    }

    /** Parses "completed" or "failed" (any case). */
    public static MetricsType parse(String s) {
        for (MetricsType t : values()) {
            if (t.bullName.equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("metrics type must be completed or failed, got " + s);
    }
}
