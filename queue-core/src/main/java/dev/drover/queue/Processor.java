package dev.drover.queue;

import java.util.Map;

/**
 * The work a {@link Worker} does for each job; may block. Runs on the worker slot's thread: a virtual thread when the
 * worker's concurrency is above 1, a platform thread at concurrency 1 (that slot makes its own Redis calls, which a
 * platform thread waits on with one wake-up instead of a virtual thread's two).
 *
 * <p>Outcome: returning a {@link JobOutcome} does what it says; returning any other value (or null) completes the
 * job with that value stored as JSON. Throwing {@link UnrecoverableJobException} fails the job now; throwing
 * anything else fails this attempt, and the job is retried while its {@code attempts} allow (after its
 * {@code backoff}). An interrupted processor (hard shutdown) should stop soon: its job goes back to wait.
 */
@FunctionalInterface
public interface Processor {

    Object process(Job job) throws Exception;

    /**
     * A processor that dispatches on the job name; a job whose name has no entry fails at once with a reason
     * naming it (an unknown name will not start handling itself on a retry).
     */
    static Processor byName(Map<String, Processor> processors) {
        Map<String, Processor> copy = Map.copyOf(processors);
        return job -> {
            Processor p = copy.get(job.name());
            if (p == null) {
                throw new UnrecoverableJobException("no processor for job name '" + job.name() + "' (this worker handles "
                        + copy.keySet().stream().sorted().toList() + ")");
            }
            return p.process(job);
        };
    }
}
