package dev.drover.queue.internal.script;

/** The job of one scheduler slot, as the scheduler scripts write it. */
public record SchedulerJob(String name, String dataJson, String optsJson, long timestamp, long delay, int priority) {
}
