package dev.drover.queue;

/**
 * The job a scheduler adds at each slot: name (null: the scheduler id), data (null: {@code {}}) and options
 * (jobId and delay are set by the scheduler and must be left out).
 */
public record JobTemplate(String name, Object data, JobOptions opts) {

    public JobTemplate {
        opts = opts == null ? JobOptions.DEFAULTS : opts;
        if (opts.jobId() != null || opts.delay() > 0) {
            throw new IllegalArgumentException("a scheduler template may not set jobId or delay (the scheduler owns them)");
        }
    }

    public static JobTemplate of(String name, Object data) {
        return new JobTemplate(name, data, JobOptions.DEFAULTS);
    }
}
