package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.drover.cli.convert.JobStateConverter;
import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover jobs QUEUE [--state S] [--start N] [--end M]}: jobs in a state, newest first (BullMQ's order), the
 * positions {@code start..end} inclusive. Without {@code --state}, that range of every state.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List jobs in a state, newest first (positions --start..--end, inclusive).")
public final class JobsCommand extends QueueCommand {

    private static final List<JobState> ALL = List.of(JobState.ACTIVE, JobState.WAITING, JobState.PAUSED,
            JobState.PRIORITIZED, JobState.DELAYED, JobState.WAITING_CHILDREN, JobState.FAILED, JobState.COMPLETED);

    @Option(names = "--state", paramLabel = "STATE", converter = JobStateConverter.class,
            description = "waiting, active, delayed, prioritized, waiting-children, completed, failed or paused "
                    + "(default: every state).")
    JobState state;

    @Option(names = "--start", paramLabel = "N", defaultValue = "0", description = "First position (default: 0).")
    long start;

    @Option(names = "--end", paramLabel = "M", defaultValue = "19",
            description = "Last position, inclusive; -1 for the last (default: ${DEFAULT-VALUE}).")
    long end;

    private record Row(Job job, JobState state) {
    }

    @Override
    protected int runOn(QueueAdmin admin) {
        List<Row> rows = new ArrayList<>();
        for (JobState s : state == null ? ALL : List.of(state)) {
            admin.jobs(queue, s, start, end).forEach(j -> rows.add(new Row(j, s)));
        }
        if (out().json()) {
            ArrayNode arr = Output.mapper().createArrayNode();
            rows.forEach(r -> arr.add(JobView.json(r.job(), r.state(), null)));
            out().printJson(arr);
        } else if (rows.isEmpty()) {
            out().println("no " + (state == null ? "" : state.bullName() + " ") + "jobs in positions " + start + ".."
                    + end + " of queue '" + queue + "'");
        } else {
            out().table(table(rows));
        }
        return 0;
    }

    private Table table(List<Row> rows) {
        Instant now = now();
        Table t = new Table("ID", "NAME", "STATE", ">ATTEMPTS", "CREATED", "FINISHED", "DETAIL");
        for (Row r : rows) {
            Job j = r.job();
            t.row(j.id(), j.name(), Table.styled(r.state().bullName(), StateStyle.of(r.state())), JobView.attempts(j),
                    Humanize.relative(j.timestamp(), now),
                    j.finishedOn().map(f -> Humanize.relative(f, now)).orElse(""), JobView.detail(j, r.state(), now));
        }
        return t;
    }
}
