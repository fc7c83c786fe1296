package dev.drover.queue.internal;

import dev.drover.queue.Job;
import dev.drover.queue.internal.codec.JobRecord;
import java.lang.invoke.MethodHandles;

/**
 * How queue-core's internals make a {@link Job}, whose constructor is private so that the exported API never takes
 * an internal type: {@code Job} hands its constructor to {@link #register} when its class initializes.
 */
public final class JobFactory {

    /** {@code Job}'s constructor: a job read ({@code lockToken} null) or fetched under {@code lockToken}. */
    @FunctionalInterface
    public interface Constructor {
        Job create(JobRecord record, JobOperations ops, String lockToken);
    }

    private static volatile Constructor constructor;

    private JobFactory() {
    }

    /** Called once, by {@code Job}'s static initializer. */
    public static void register(Constructor jobConstructor) {
        if (constructor != null) {
            throw new IllegalStateException("the Job constructor is registered already");
        }
        constructor = jobConstructor;
    }

    static Job create(JobRecord record, JobOperations ops, String lockToken) {
        if (constructor == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Job.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return constructor.create(record, ops, lockToken);
    }
}
