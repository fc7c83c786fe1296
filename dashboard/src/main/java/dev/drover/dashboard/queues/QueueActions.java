package dev.drover.dashboard.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.dashboard.view.Fmt;
import dev.drover.dashboard.web.Audit;
import dev.drover.dashboard.web.Exchange;
import dev.drover.dashboard.web.Handler;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every action the dashboard offers, as {@code POST /action/<verb>}: what {@code drover} can do to a queue and its
 * jobs. The servlet checks authentication, read-only mode and the CSRF token before any of these runs; each one
 * writes an audit line and answers with a redirect (303) back to the page, carrying a one-line notice of the outcome.
 */
public final class QueueActions {

    private static final Pattern GRACE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueueAdmin admin;

    public QueueActions(QueueAdmin admin) {
        this.admin = admin;
    }

    /** An action's outcome: the notice shown and where to go back to. */
    private record Outcome(String notice, String back) {
    }

    @FunctionalInterface
    private interface Action {
        Outcome run(Exchange ex, String queue);
    }

    public Map<String, Handler> routes() {
        Map<String, Action> actions = new LinkedHashMap<>();
        actions.put("retry", this::retry);
        actions.put("retry-all", (ex, q) -> { admin.retryAllFailed(q); return toQueue("retried every failed job", q, "waiting"); });
        actions.put("promote", this::promote);
        actions.put("promote-all", (ex, q) -> { admin.promoteAll(q); return toQueue("promoted every delayed job", q, "waiting"); });
        actions.put("remove", this::remove);
        actions.put("clean", this::clean);
        actions.put("drain", (ex, q) -> toQueue("drained " + admin.drain(q, ex.param("delayed").isPresent()) + " job(s)", q, "waiting"));
        actions.put("pause", (ex, q) -> { admin.pause(q); return toQueue("paused", q, null); });
        actions.put("resume", (ex, q) -> { admin.resume(q); return toQueue("resumed", q, null); });
        actions.put("remove-scheduler", this::removeScheduler);
        actions.put("add", this::add);
        actions.put("obliterate", this::obliterate);
        Map<String, Handler> routes = new LinkedHashMap<>();
        actions.forEach((verb, action) -> routes.put("/action/" + verb, ex -> run(ex, verb, action)));
        return routes;
    }

    private void run(Exchange ex, String verb, Action action) {
        String queue = ex.require("queue");
        String target = ex.param("id").or(() -> ex.param("scheduler")).orElse(null);
        if (!admin.exists(queue)) {
            Audit.record(ex.user(), ex.remote(), verb, queue, target, "refused: no such queue");
            throw new Exchange.NotFound("queue '" + queue + "' not found");
        }
        Outcome outcome;
        try {
            outcome = action.run(ex, queue);
        } catch (QueueException | IllegalArgumentException | Exchange.BadRequest e) {
            Audit.record(ex.user(), ex.remote(), verb, queue, target, "refused: " + e.getMessage());
            ex.redirect(backTo(ex, queue), verb + " refused: " + e.getMessage());
            return;
        }
        Audit.record(ex.user(), ex.remote(), verb, queue, target, "ok: " + outcome.notice());
        ex.redirect(outcome.back(), outcome.notice());
    }

    private static String backTo(Exchange ex, String queue) {
        return ex.param("id").map(id -> job(queue, id)).orElse("/queue?name=" + Fmt.q(queue));
    }

    private static String job(String queue, String id) {
        return "/job?queue=" + Fmt.q(queue) + "&id=" + Fmt.q(id);
    }

    private static Outcome toQueue(String notice, String queue, String state) {
        return new Outcome(notice + " in queue " + queue, "/queue?name=" + Fmt.q(queue)
                + (state == null ? "" : "&state=" + state));
    }

    private Outcome retry(Exchange ex, String queue) {
        String id = ex.require("id");
        admin.retry(queue, id);
        return new Outcome("job " + id + " moved back to wait", job(queue, id));
    }

    private Outcome promote(Exchange ex, String queue) {
        String id = ex.require("id");
        admin.promote(queue, id);
        return new Outcome("job " + id + " promoted", job(queue, id));
    }

    private Outcome remove(Exchange ex, String queue) {
        String id = ex.require("id");
        boolean removed = admin.remove(queue, id);
        return toQueue(removed ? "removed job " + id : "job " + id + " was already gone", queue, null);
    }

    private Outcome clean(Exchange ex, String queue) {
        JobState state = QueuePages.state(ex.require("state"));
        if (state == JobState.ACTIVE) {
            throw new Exchange.BadRequest("active jobs are never cleaned; stop their workers instead");
        }
        Duration grace = grace(ex.param("grace").orElse("0"));
        int limit = (int) ex.longParam("limit", 0);
        List<String> removed = admin.clean(queue, state, grace, limit);
        return toQueue("cleaned " + removed.size() + " " + state.bullName() + " job(s) older than " + Fmt.age(grace),
                queue, state.bullName());
    }

    static Duration grace(String text) {
        Matcher m = GRACE.matcher(text.strip());
        if (!m.matches()) {
            throw new Exchange.BadRequest("grace must be a number with ms, s, m, h or d (e.g. 30s, 1h, 7d), got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofMillis(n);
        };
    }

    private Outcome removeScheduler(Exchange ex, String queue) {
        String id = ex.require("scheduler");
        boolean removed = admin.withQueue(queue, q -> q.removeJobScheduler(id));
        return toQueue(removed ? "removed job scheduler " + id : "job scheduler " + id + " was already gone", queue, null);
    }

    private Outcome add(Exchange ex, String queue) {
        String name = ex.require("jobName");
        JsonNode data;
        try {
            data = JSON.readTree(ex.param("data").orElse("{}"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Exchange.BadRequest("data is not valid JSON: " + e.getOriginalMessage());
        }
        JobOptions opts = JobOptions.builder().delay(ex.longParam("delay", 0))
                .attempts((int) ex.longParam("attempts", 1)).build();
        String id = admin.withQueue(queue, q -> q.add(name, data, opts));
        return new Outcome("added job " + id, job(queue, id));
    }

    private Outcome obliterate(Exchange ex, String queue) {
        if (!queue.equals(ex.param("confirm").orElse(""))) {
            throw new Exchange.BadRequest("type the queue's name to confirm");
        }
        admin.obliterate(queue, ex.param("force").isPresent());
        return new Outcome("obliterated queue " + queue, "/");
    }
}
