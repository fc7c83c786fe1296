package dev.drover.queue;

import java.util.List;

/**
 * An add with {@link QueueOptions#waitReplicas()} set reached the master, but {@code WAIT} confirmed fewer replicas
 * than asked within the timeout. The job exists on the master now; whether it survives a failover is unknown (it
 * does if the master stays up, or if a replica that has it is promoted). Adding it again with the same custom job
 * id is safe: an existing id is left alone.
 */
public final class NotReplicatedException extends QueueException {

    private final List<String> jobIds;
    private final long confirmed;
    private final int required;

    public NotReplicatedException(List<String> jobIds, long confirmed, int required, String where) {
        super(Kind.NOT_REPLICATED, "job" + (jobIds.size() == 1 ? " " + jobIds.getFirst() : "s " + jobIds) + " added to "
                + where + " but only " + confirmed + " of " + required + " replica(s) confirmed it in time: it may or "
                + "may not survive a failover");
        this.jobIds = List.copyOf(jobIds);
        this.confirmed = confirmed;
        this.required = required;
    }

    /** The ids the add returned (present on the master). */
    public List<String> jobIds() {
        return jobIds;
    }

    public long confirmed() {
        return confirmed;
    }

    public int required() {
        return required;
    }
}
