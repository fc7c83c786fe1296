package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.CliException;
import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.cli.output.TerminalText;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code drover job QUEUE ID}: everything about one job: name, state, data, opts, attempts, timestamps, progress,
 * return value, failed reason, stacktrace and logs. Exit 1 when the job does not exist.
 */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Show one job in full.")
public final class JobCommand extends QueueCommand {

    @Parameters(index = "1", paramLabel = "ID", description = "Job id.")
    String id;

    @Override
    protected int runOn(QueueAdmin admin) {
        Job job = admin.job(queue, id).orElseThrow(
                () -> CliException.notFound("job '" + id + "' not found in queue '" + queue + "'"));
        JobState state = admin.jobState(queue, id);
        List<String> logs = job.logs();
        if (out().json()) {
            out().printJson(JobView.json(job, state, logs));
        } else {
            print(job, state, logs);
        }
        return 0;
    }

    private void print(Job job, JobState state, List<String> logs) {
        out().println(out().style("bold", "Job " + TerminalText.escape(job.id())) + " ("
                + TerminalText.escape(job.name()) + ") in queue " + queue);
        Table t = new Table("", "");
        t.row("state", Table.styled(state.bullName(), StateStyle.of(state)));
        t.row("attempts", job.attemptsMade() + " made, " + job.attemptsStarted() + " started, max "
                + job.opts().maxAttempts() + (job.stalledCount() > 0 ? ", stalled " + job.stalledCount() : ""));
        times(t, job, state);
        if (job.priority() > 0) {
            t.row("priority", job.priority());
        }
        job.processedBy().ifPresent(w -> t.row("worker", w));
        job.parentKey().ifPresent(p -> t.row("parent", p));
        job.schedulerId().ifPresent(s -> t.row("scheduler", s));
        optional(t, "progress", JobView.compact(job.progress()));
        optional(t, "return value", JobView.compact(job.returnValue()));
        job.failedReason().ifPresent(r -> t.row("failed reason", Table.styled(r, "red")));
        job.dataError().ifPresent(e -> t.row("data error", e));
        t.render(out().context()).stream().skip(1).map(l -> "  " + l).forEach(out()::println);
        block("data", job.data() != null ? pretty(job.data()) : job.rawData());
        block("opts", pretty(JobView.parseLenient(job.rawOpts())));
        if (!job.stacktrace().isEmpty()) {
            block("stacktrace", String.join("\n", job.stacktrace()));
        }
        block("logs (" + logs.size() + ")", logs.isEmpty() ? "(none)" : String.join("\n", logs));
    }

    private void times(Table t, Job job, JobState state) {
        Instant now = now();
        t.row("created", Humanize.timeAndRelative(job.timestamp(), now));
        if (job.delay() > 0) {
            Instant due = job.timestamp().plusMillis(job.delay());
            t.row("delay", Humanize.duration(Duration.ofMillis(job.delay()))
                    + (state == JobState.DELAYED ? ", due " + Humanize.timeAndRelative(due, now) : ""));
        }
        job.processedOn().ifPresent(p -> t.row("processed", Humanize.timeAndRelative(p, now)));
        job.finishedOn().ifPresent(f -> t.row("finished", Humanize.timeAndRelative(f, now)
                + job.processedOn().map(p -> ", ran " + Humanize.duration(Duration.between(p, f))).orElse("")));
    }

    private static void optional(Table t, String label, String value) {
        Optional.of(value).filter(v -> !v.isEmpty()).ifPresent(v -> t.row(label, v));
    }

    // the body is someone else's text: its lines stay lines, any other control is shown escaped
    private void block(String title, String body) {
        out().println(out().style("bold", title));
        TerminalText.escapeKeepingLines(body).lines().map(l -> "  " + l).forEach(out()::println);
    }

    private static String pretty(JsonNode node) {
        if (node == null) {
            return "null";
        }
        try {
            return Output.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }
}
