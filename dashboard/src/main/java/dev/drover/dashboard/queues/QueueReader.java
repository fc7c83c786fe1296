package dev.drover.dashboard.queues;

import dev.drover.dashboard.domain.DomainLinks;
import dev.drover.dashboard.view.Chart;
import dev.drover.queue.Job;
import dev.drover.queue.JobNode;
import dev.drover.queue.JobState;
import dev.drover.queue.Metrics;
import dev.drover.queue.MetricsType;
import dev.drover.queue.QueueAdmin;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Reads what the queue pages show from {@link QueueAdmin}: rows, pages of jobs, a job with its flow. */
public final class QueueReader {

    public static final int PAGE_SIZE = 20;
    private static final int MINUTES = 60;
    private static final int FLOW_DEPTH = 4;

    private final QueueAdmin admin;
    private final InstantSource clock;
    private final DomainLinks links;

    public QueueReader(QueueAdmin admin, InstantSource clock, DomainLinks links) {
        this.admin = admin;
        this.clock = clock;
        this.links = links;
    }

    public List<String> names() {
        return admin.queueNames();
    }

    public boolean exists(String queue) {
        return admin.exists(queue);
    }

    public List<QueueRow> rows() {
        return names().stream().map(this::row).toList();
    }

    public QueueRow row(String queue) {
        boolean metrics = recordsMetrics(queue);
        return new QueueRow(queue, admin.counts(queue), admin.withQueue(queue, q -> q.isPaused()),
                admin.workers(queue).size(), oldestWaiting(queue), throughputChart(queue, metrics),
                metrics ? "per-minute metrics" : "finished jobs still kept");
    }

    private Duration oldestWaiting(String queue) {
        long oldest = Long.MAX_VALUE;
        for (JobState s : List.of(JobState.WAITING, JobState.PAUSED)) {
            // LPUSH puts the newest at the head, so the list's tail is the job waiting longest
            for (Job j : admin.jobs(queue, s, -1, -1)) {
                oldest = Math.min(oldest, j.timestamp().toEpochMilli() + j.delay());
            }
        }
        return oldest == Long.MAX_VALUE ? null : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
    }

    private boolean recordsMetrics(String queue) {
        Metrics m = admin.metrics(queue, "completed", 0, 0);
        Metrics f = admin.metrics(queue, "failed", 0, 0);
        return m.count() > 0 || f.count() > 0;
    }

    /** Completed and failed per minute, oldest minute first, from metrics when workers record them. */
    private Chart throughputChart(String queue, boolean metrics) {
        List<Long> completed = perMinute(queue, MetricsType.COMPLETED, metrics);
        List<Long> failed = perMinute(queue, MetricsType.FAILED, metrics);
        List<String> labels = IntStream.range(0, MINUTES).mapToObj(i -> i == MINUTES - 1 ? "now" : "-" + (MINUTES - 1 - i) + "m")
                .toList();
        return new Chart("jobs per minute, last hour", labels, List.of(
                new Chart.Series("completed", "#2f9e44", completed), new Chart.Series("failed", "#e03131", failed)));
    }

    private List<Long> perMinute(String queue, MetricsType type, boolean fromMetrics) {
        List<Long> newestFirst = new ArrayList<>(fromMetrics
                ? admin.metrics(queue, type.bullName(), 0, MINUTES - 1).perMinute()
                : admin.finishedPerMinute(queue, type, MINUTES));
        while (newestFirst.size() < MINUTES) {
            newestFirst.add(0L);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Jobs in {@code state}, a page from {@code start}, or those matching {@code search} (id or name). */
    public JobPage jobs(String queue, JobState state, long start, String search) {
        long total = admin.counts(queue).getOrDefault(state, 0L);
        if (search != null) {
            return new JobPage(state, 0, PAGE_SIZE, total, search, admin.findJobs(queue, state, search, PAGE_SIZE));
        }
        return new JobPage(state, start, PAGE_SIZE, total, null, admin.jobs(queue, state, start, start + PAGE_SIZE - 1));
    }

    public Optional<JobDetail> job(String queue, String id) {
        return admin.job(queue, id).map(job -> new JobDetail(queue, job, admin.jobState(queue, id), job.logs(),
                flow(queue, id), links.forJob(queue, job).orElse(null)));
    }

    private FlowView flow(String queue, String id) {
        return admin.flowOf(queue, id, FLOW_DEPTH)
                .filter(root -> !root.children().isEmpty() || !(root.queueName().equals(queue) && root.job().id().equals(id)))
                .map(root -> view(root, queue, id)).orElse(null);
    }

    private FlowView view(JobNode n, String queue, String id) {
        boolean current = n.queueName().equals(queue) && n.job().id().equals(id);
        return new FlowView(n.queueName(), n.job().id(), n.job().name(), n.job().getState(), current,
                n.children().stream().map(c -> view(c, queue, id)).toList());
    }

    public QueueAdmin admin() {
        return admin;
    }
}
