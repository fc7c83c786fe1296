package dev.drover.demo;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;

import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Prints what the cluster is doing, once per {@link #report()}: per queue waiting/active/completed/failed and the
 * completion rate since the previous report, and per certification batch a progress bar from Postgres.
 */
final class ProgressMonitor {

    private static final int BAR = 24;

    private final QueueAdmin admin;
    private final DSLContext dsl;
    private final Console console;
    private final Map<String, Long> lastDone = new HashMap<>();
    private long lastAt = System.nanoTime();

    ProgressMonitor(QueueAdmin admin, DSLContext dsl, Console console) {
        this.admin = admin;
        this.dsl = dsl;
        this.console = console;
    }

    /** One progress report: a line per queue, a line per certification batch. */
    void report() {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastAt) / 1e9);
        lastAt = now;
        for (String queue : admin.queueNames()) {
            console.line(queueLine(queue, admin.counts(queue), seconds));
        }
        batchLines().forEach(console::line);
    }

    private String queueLine(String queue, Map<JobState, Long> c, double seconds) {
        long waiting = get(c, JobState.WAITING) + get(c, JobState.PRIORITIZED) + get(c, JobState.PAUSED);
        long done = get(c, JobState.COMPLETED) + get(c, JobState.FAILED);
        long before = lastDone.getOrDefault(queue, done);
        lastDone.put(queue, done);
        double rate = Math.max(0, done - before) / seconds;
        return String.format("    %-22s waiting %5d  delayed %4d  active %3d  completed %6d  failed %4d  %6.1f jobs/s",
                queue, waiting, get(c, JobState.DELAYED), get(c, JobState.ACTIVE), get(c, JobState.COMPLETED),
                get(c, JobState.FAILED), rate);
    }

    private List<String> batchLines() {
        return dsl.select(CERTIFICATION_JOBS.ID, CERTIFICATION_JOBS.TYPE, CERTIFICATION_JOBS.STATUS,
                        CERTIFICATION_JOBS.TOTAL_MODELS, CERTIFICATION_JOBS.PROCESSED_MODELS,
                        CERTIFICATION_JOBS.SUCCESS_COUNT, CERTIFICATION_JOBS.FAILURE_COUNT)
                .from(CERTIFICATION_JOBS).orderBy(CERTIFICATION_JOBS.CREATED_AT).fetch()
                .map(r -> "    batch " + r.value1().toString().substring(0, 8) + " " + r.value2().getLiteral() + " "
                        + bar(r.value5(), r.value4()) + String.format(" %d/%d  passed %d  failed %d  %s",
                        r.value5(), r.value4(), r.value6(), r.value7(), r.value3().getLiteral()));
    }

    /** {@code [########........]} for {@code done} of {@code total}. */
    static String bar(int done, int total) {
        int filled = total <= 0 ? 0 : (int) Math.round((double) BAR * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private static long get(Map<JobState, Long> counts, JobState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Queue totals in one line, for the end of the run. */
    String finalCounts() {
        return admin.queueNames().stream().map(q -> q + " " + admin.counts(q).entrySet().stream()
                        .filter(e -> e.getValue() > 0).map(e -> e.getKey().name().toLowerCase() + "=" + e.getValue())
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining("; "));
    }
}
