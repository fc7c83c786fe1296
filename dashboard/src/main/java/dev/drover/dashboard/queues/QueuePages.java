package dev.drover.dashboard.queues;

import dev.drover.dashboard.view.Fmt;
import dev.drover.dashboard.view.Views;
import dev.drover.dashboard.web.Exchange;
import dev.drover.dashboard.web.Handler;
import dev.drover.queue.JobState;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The read-only queue pages: every queue, one queue's jobs, one job, the live event stream, and job lookup. */
public final class QueuePages {

    private final QueueReader reader;
    private final Views views;

    public QueuePages(QueueReader reader, Views views) {
        this.reader = reader;
        this.views = views;
    }

    /** The routes; {@code /events} streams from {@code live}. */
    public Map<String, Handler> routes(LiveUpdates live) {
        return Map.of("/", this::queues, "/queue", this::queue, "/job", this::job, "/events", ex -> events(ex, live),
                "/locate", this::locate);
    }

    private void queues(Exchange ex) {
        ex.html(200, views.render("queues/list.jte", Map.of("page", ex.page("Queues", "queues"), "rows", reader.rows(),
                "addedEvent", LiveUpdates.ADDED_EVENT)));
    }

    private void queue(Exchange ex) {
        String name = existing(ex, ex.require("name"));
        JobState state = ex.param("state").map(QueuePages::state).orElse(JobState.WAITING);
        long start = Math.max(0, ex.longParam("start", 0));
        JobPage jobs = reader.jobs(name, state, start, ex.param("q").orElse(null));
        ex.html(200, views.render("queues/queue.jte", Map.of("page", ex.page(name, "queues"), "row", reader.row(name),
                "jobs", jobs, "schedulers", reader.admin().schedulers(name), "workers", reader.admin().workers(name))));
    }

    private void job(Exchange ex) {
        String queue = existing(ex, ex.require("queue"));
        String id = ex.require("id");
        JobDetail d = reader.job(queue, id).orElseThrow(() -> new Exchange.NotFound("job '" + id
                + "' not found in queue '" + queue + "' (removed, or never there)"));
        ex.html(200, views.render("queues/job.jte", Map.of("page", ex.page("job " + id, "queues"), "d", d)));
    }

    /**
     * Server-Sent Events of the named queues until the page goes away; when none is named, of every queue, those
     * created later included.
     */
    private void events(Exchange ex, LiveUpdates live) throws IOException {
        List<String> named = ex.params("queue");
        boolean everyQueue = named.isEmpty();
        LinkedHashSet<String> queues = new LinkedHashSet<>(everyQueue ? reader.names() : named);
        ex.response().setContentType("text/event-stream;charset=UTF-8");
        ex.response().setHeader("Cache-Control", "no-store");
        ex.response().setHeader("X-Accel-Buffering", "no");
        AsyncContext ctx = ex.request().startAsync();
        ctx.setTimeout(0);
        live.subscribe(ctx, queues, everyQueue);
    }

    /** Redirects to job {@code id} in the first queue whose name starts with {@code in} that holds it. */
    private void locate(Exchange ex) {
        String id = ex.require("id");
        String in = ex.param("in").orElse("");
        String queue = reader.names().stream().filter(n -> n.startsWith(in))
                .filter(n -> reader.admin().job(n, id).isPresent()).findFirst()
                .orElseThrow(() -> new Exchange.NotFound("no queue" + (in.isEmpty() ? "" : " named " + in + "…")
                        + " holds job '" + id + "' (finished jobs may have been removed)"));
        ex.redirect("/job?queue=" + Fmt.q(queue) + "&id=" + Fmt.q(id), null);
    }

    private String existing(Exchange ex, String queue) {
        if (!reader.exists(queue)) {
            throw new Exchange.NotFound("queue '" + queue + "' not found");
        }
        return queue;
    }

    static JobState state(String s) {
        try {
            return JobState.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Exchange.BadRequest(e.getMessage());
        }
    }

    /** The fragments live updates send for {@code queue}: its row on the queues page and its counts bar. */
    public Map<String, String> fragments(String queue, String base) {
        QueueRow row = reader.row(queue);
        return Map.of(LiveUpdates.eventName("row", queue), views.render("queues/row.jte", Map.of("row", row, "base", base)),
                LiveUpdates.eventName("counts", queue), views.render("queues/counts.jte",
                        Map.of("row", row, "base", base)));
    }
}
