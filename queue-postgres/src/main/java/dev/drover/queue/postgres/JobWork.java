package dev.drover.queue.postgres;

/**
 * A job's database work, run inside one transaction by {@link JobEffects}. Everything it writes through
 * {@link EffectTransaction#dsl()} (and every job it enqueues through {@link EffectTransaction#enqueue}) commits
 * together with the job's result, or not at all. Its return value is the job's result: anything Jackson can write.
 * It may throw; the transaction then rolls back and the exception reaches the caller as it was thrown.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface JobWork<T> {

    T apply(EffectTransaction tx) throws Exception;
}
