package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueSummary;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code drover queues}: every queue under the prefix with its counts per state and whether it is paused. */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "List every queue under the prefix: counts per state, paused or not.")
public final class QueuesCommand extends AdminCommand {

    /** The states shown as columns, in lifecycle order. */
    static final List<JobState> COLUMNS = List.of(JobState.WAITING, JobState.ACTIVE, JobState.DELAYED,
            JobState.PRIORITIZED, JobState.WAITING_CHILDREN, JobState.COMPLETED, JobState.FAILED);

    @Override
    protected int run(QueueAdmin admin) {
        List<QueueSummary> queues = admin.listQueues();
        if (out().json()) {
            ArrayNode arr = Output.mapper().createArrayNode();
            queues.forEach(q -> arr.add(toJson(q)));
            out().printJson(arr);
        } else if (queues.isEmpty()) {
            out().println("no queues under prefix '" + root().prefix() + "'");
        } else {
            out().table(table(queues));
        }
        return 0;
    }

    private static ObjectNode toJson(QueueSummary q) {
        ObjectNode o = Output.mapper().createObjectNode().put("name", q.name()).put("paused", q.paused());
        o.set("counts", CountsCommand.countsJson(q.counts()));
        return o;
    }

    private Table table(List<QueueSummary> queues) {
        Table t = new Table("QUEUE", "STATUS", ">WAIT", ">ACTIVE", ">DELAYED", ">PRIORITIZED", ">WAITING-CHILDREN",
                ">COMPLETED", ">FAILED");
        for (QueueSummary q : queues) {
            Map<JobState, Long> c = q.counts();
            long failed = c.getOrDefault(JobState.FAILED, 0L);
            t.row(q.name(), q.paused() ? Table.styled("paused", "yellow") : "running",
                    CountsCommand.waiting(c), c.get(JobState.ACTIVE), c.get(JobState.DELAYED),
                    c.get(JobState.PRIORITIZED), c.get(JobState.WAITING_CHILDREN), c.get(JobState.COMPLETED),
                    failed > 0 ? Table.styled(String.valueOf(failed), "red") : failed);
        }
        return t;
    }
}
