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
 * the job (the last stackTraceLimit traces).
 */
record Failure(String reason, String stacktraceJson, boolean retry, long backoffMs) {

    static Failure of(Job job, Throwable error, DoubleSupplier random) {
        String reason = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        String stack = stacktrace(job, error);
        if (error instanceof UnrecoverableJobException) {
            return new Failure(reason, stack, false, 0);
        }
        int attemptsMade = job.attemptsMade() + 1;
        JobOptions opts = job.opts();
        if (attemptsMade >= opts.maxAttempts()) {
            return new Failure(reason, stack, false, 0);
        }
        Backoff b = opts.backoff();
        long delay = b != null && b.isBuiltIn() ? b.delayFor(attemptsMade, random) : 0;
        return new Failure(reason, stack, true, delay);
    }

    /** A failure decided before the processor ran (bad data, stalled too often): final, no retries. */
    static Failure immediate(Job job, String reason) {
        return new Failure(reason, stacktrace(job, null), false, 0);
    }

    private static String stacktrace(Job job, Throwable error) {
        List<String> traces = new ArrayList<>(job.stacktrace());
        if (error != null) {
            StringWriter w = new StringWriter();
            error.printStackTrace(new PrintWriter(w));
            traces.add(w.toString());
        }
        Integer limit = job.opts().stackTraceLimit();
        int keep = limit == null ? JobOptions.DEFAULT_STACK_TRACE_LIMIT : limit;
        List<String> kept = traces.subList(Math.max(traces.size() - keep, 0), traces.size());
        return Json.write(kept);
    }
}
