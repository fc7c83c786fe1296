package dev.drover.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method the processor of a queue's jobs: the starter runs a {@link dev.drover.queue.Worker} for it,
 * started with the application context and stopped (drained, then the rest released) when it closes.
 *
 * <p>The method takes the job's data, the {@link dev.drover.queue.Job}, or both (in any order); the data is mapped
 * to the parameter's type with the application's Jackson mapper. What it returns is stored as the job's return value
 * (mapped the same way); a {@link dev.drover.queue.JobOutcome} does what it says. Throwing fails the attempt (retried
 * per the job's attempts and backoff); {@link dev.drover.queue.UnrecoverableJobException} fails the job at once.
 * <pre>{@code
 * @DroverWorker(queue = "emails", concurrency = 10)
 * Map<String, Object> send(Email email) { ... }
 * }</pre>
 * One method per queue in an application.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DroverWorker {

    /** The queue to process. */
    String queue();

    /** Jobs run at once; 0 takes {@code drover.worker.concurrency}. */
    int concurrency() default 0;

    /** The worker's name (BullMQ's worker name, shown by {@code drover workers}); empty for none. */
    String name() default "";
}
