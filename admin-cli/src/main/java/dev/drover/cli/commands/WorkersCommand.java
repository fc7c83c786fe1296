package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover workers [QUEUE]}: workers connected to one queue, or to every queue under the prefix. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Connected workers (Drover and Node bullmq) of one queue, or of every queue.")
public final class WorkersCommand extends AdminCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUEUE", description = "Queue name (default: every queue).")
    String queue;

    private record Row(String queue, WorkerInfo worker) {
    }

    @Override
    protected int run(QueueAdmin admin) {
        List<String> queues;
        if (queue != null) {
            requireQueue(admin, queue);
            queues = List.of(queue);
        } else {
            queues = admin.queueNames();
        }
        List<Row> rows = new ArrayList<>();
        queues.forEach(q -> admin.workers(q).forEach(w -> rows.add(new Row(q, w))));
        if (out().json()) {
            ArrayNode arr = Output.mapper().createArrayNode();
            rows.forEach(r -> arr.addObject().put("queue", r.queue()).put("name", r.worker().name())
                    .put("addr", r.worker().addr()).put("age", r.worker().ageSec()).put("idle", r.worker().idleSec()));
            out().printJson(arr);
        } else if (rows.isEmpty()) {
            out().println("no workers connected" + (queue == null ? "" : " to queue '" + queue + "'"));
        } else {
            Table t = new Table("QUEUE", "WORKER", "ADDRESS", ">CONNECTED", ">IDLE");
            rows.forEach(r -> t.row(r.queue(), r.worker().name() == null ? "(unnamed)" : r.worker().name(),
                    r.worker().addr(), Humanize.duration(Duration.ofSeconds(r.worker().ageSec())),
                    Humanize.duration(Duration.ofSeconds(r.worker().idleSec()))));
            out().table(t);
        }
        return 0;
    }
}
