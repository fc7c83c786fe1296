package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.queue.JobSchedulerInfo;
import dev.drover.queue.QueueAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drover schedulers QUEUE}: the queue's job schedulers (cron or every) and when each runs next. */
@Command(name = "schedulers", mixinStandardHelpOptions = true, description = "Job schedulers of a queue and their next run.")
public final class SchedulersCommand extends QueueCommand {

    @Override
    protected int runOn(QueueAdmin admin) {
        List<JobSchedulerInfo> schedulers = admin.schedulers(queue);
        if (out().json()) {
            ArrayNode arr = Output.mapper().createArrayNode();
            schedulers.forEach(s -> arr.add(json(s)));
            out().printJson(arr);
        } else if (schedulers.isEmpty()) {
            out().println("no job schedulers in queue '" + queue + "'");
        } else {
            out().table(table(schedulers));
        }
        return 0;
    }

    private static ObjectNode json(JobSchedulerInfo s) {
        ObjectNode o = Output.mapper().createObjectNode().put("id", s.id()).put("name", s.name())
                .put("pattern", s.pattern()).put("every", s.every()).put("tz", s.tz()).put("next", s.nextMillis())
                .put("iterations", s.iterations()).put("limit", s.limit()).put("endDate", s.endDate());
        o.set("template", s.templateOpts());
        o.set("data", s.templateData());
        return o;
    }

    private Table table(List<JobSchedulerInfo> schedulers) {
        Instant now = now();
        Table t = new Table("ID", "NAME", "SCHEDULE", "NEXT RUN", ">RUNS", "LIMIT", "ENDS");
        for (JobSchedulerInfo s : schedulers) {
            Instant next = Instant.ofEpochMilli(s.nextMillis());
            t.row(s.id(), s.name(), schedule(s), Humanize.relative(next, now) + " (" + Humanize.time(next) + ")",
                    s.iterations() == null ? "" : s.iterations(), s.limit() == null ? "" : s.limit(),
                    s.endDate() == null ? "" : Humanize.time(Instant.ofEpochMilli(s.endDate())));
        }
        return t;
    }

    private static String schedule(JobSchedulerInfo s) {
        if (s.pattern() != null) {
            return "cron " + s.pattern() + (s.tz() == null ? "" : " " + s.tz());
        }
        return s.every() == null ? "?" : "every " + Humanize.duration(Duration.ofMillis(s.every()));
    }
}
