package dev.drover.queue.internal.runtime;

import dev.drover.queue.Backoff;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.internal.codec.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Decides what a failed attempt leads to, as BullMQ does client-side: fail for good (unrecoverable, or attempts
 * used up), retry now, or retry after the job's backoff. Also formats the reason and the stacktrace list kept on
 * the job (the last stackTraceLimit traces). {@code exhausted} (a final failure emits {@code retries-exhausted})
 * follows BullMQ's rule: the attempts made, this one included, reach the job's {@code attempts} option, whatever
 * ended the job (so an unrecoverable failure of a job with the default 0 attempts counts too).
 */
record Failure(String reason, String stacktraceJson, boolean retry, long backoffMs, boolean exhausted) {

    static Failure of(Job job, Throwable error, DoubleSupplier random) {
        String reason = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        String stack = stacktrace(job, error);
        if (error instanceof UnrecoverableJobException) {
            return new Failure(reason, stack, false, 0, exhausted(job));
        }
        int attemptsMade = job.attemptsMade() + 1;
        JobOptions opts = job.opts();
        if (attemptsMade >= opts.maxAttempts()) {
            return new Failure(reason, stack, false, 0, exhausted(job));
        }
        Backoff b = opts.backoff();
        long delay = b != null && b.isBuiltIn() ? b.delayFor(attemptsMade, random) : 0;
        return new Failure(reason, stack, true, delay, false);
    }

    /** A failure decided before the processor ran (bad data, stalled too often): final, no retries. */
    static Failure immediate(Job job, String reason) {
        return new Failure(reason, stacktrace(job, null), false, 0, exhausted(job));
    }

    private static boolean exhausted(Job job) {
        return job.attemptsMade() + 1 >= job.opts().attempts();
    }

    private static String stacktrace(Job job, Throwable error) {
        List<String> traces = new ArrayList<>(job.stacktrace());
        if (error != null) {
            StringWriter w = new StringWriter();
            error.printStackTrace(new PrintWriter(w));
            traces.add(w.toString());
        }
        Integer limit = job.opts().stackTraceLimit();
        // a negative limit (Node-written or corrupt opts) keeps none rather than failing the failure itself
        int keep = limit == null ? JobOptions.DEFAULT_STACK_TRACE_LIMIT : Math.max(limit, 0);
        List<String> kept = traces.subList(Math.max(traces.size() - keep, 0), traces.size());
        return Json.write(kept);
    }
}
