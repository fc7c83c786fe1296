package dev.drover.queue.postgres;

import dev.drover.queue.Job;

/**
 * Sees the steps of {@link JobEffects} as they happen, for metrics and logs (and for tests that stop a process at a
 * given step). Called on the processor's thread; implementations must be quick and must not throw (an exception
 * from {@link #beforeCommit} rolls the work back, one from {@link #committed} reaches the processor after the
 * commit). Every method does nothing by default.
 */
public interface EffectsObserver {

    /** Observes nothing. */
    EffectsObserver NONE = new EffectsObserver() { };

    /** The attempt registered itself ({@code replay}: the job's work had committed before, nothing will run). */
    default void attemptStarted(Job job, boolean replay) {
    }

    /** The work ran; its transaction is about to be checked against the fence and committed. */
    default void beforeCommit(Job job) {
    }

    /** The work and the job's result committed; the processor has not returned yet (the job is not acknowledged). */
    default void committed(Job job) {
    }

    /** The attempt found itself stale and rolled back. */
    default void stale(Job job, StaleAttemptException e) {
    }
}
