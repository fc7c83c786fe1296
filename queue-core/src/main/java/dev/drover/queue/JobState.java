package dev.drover.queue;

/** The states a job can be in, with the names BullMQ uses for them (in getJobs, getJobCounts and getState). */
public enum JobState {
    WAITING("waiting", "wait"),
    PAUSED("paused", "paused"),
    ACTIVE("active", "active"),
    PRIORITIZED("prioritized", "prioritized"),
    DELAYED("delayed", "delayed"),
    COMPLETED("completed", "completed"),
    FAILED("failed", "failed"),
    WAITING_CHILDREN("waiting-children", "waiting-children"),
    UNKNOWN("unknown", null);

    private final String bullName;
    private final String keySuffix;

    JobState(String bullName, String keySuffix) {
        this.bullName = bullName;
        this.keySuffix = keySuffix;
    }

    /** BullMQ's name for the state ("waiting", "delayed"...). */
    public String bullName() {
        return bullName;
    }

    /** The queue key holding jobs in this state ("wait", "delayed"...); null for UNKNOWN. */
    public String keySuffix() {
        return keySuffix;
    }

    /** True for states held in a LIST (the rest are ZSETs). */
    public boolean isList() {
        return this == WAITING || this == PAUSED || this == ACTIVE;
    }

    /** Parses BullMQ's names, also accepting "wait" and enum names in any case. */
    public static JobState parse(String s) {
        for (JobState st : values()) {
            if (st != UNKNOWN && (st.bullName.equalsIgnoreCase(s) || st.keySuffix.equalsIgnoreCase(s)
                    || st.name().equalsIgnoreCase(s.replace('-', '_')))) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + s + "'; expected one of waiting, paused, active, "
                + "prioritized, delayed, completed, failed, waiting-children");
    }
}
