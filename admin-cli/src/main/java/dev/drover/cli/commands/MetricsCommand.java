package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Table;
import dev.drover.queue.Metrics;
import dev.drover.queue.QueueAdmin;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover metrics QUEUE [--minutes N]}: per-minute completed and failed counts (BullMQ's metrics, recorded by
 * workers started with metrics on), newest minute first, plus the totals.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, description = "Per-minute completed/failed counts of a queue.")
public final class MetricsCommand extends QueueCommand {

    @Option(names = "--minutes", paramLabel = "N", defaultValue = "15",
            description = "How many recent minutes to show (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Override
    protected int runOn(QueueAdmin admin) {
        if (minutes < 1) {
            throw usage("--minutes must be >= 1, got " + minutes);
        }
        Metrics completed = admin.metrics(queue, "completed", 0, minutes - 1);
        Metrics failed = admin.metrics(queue, "failed", 0, minutes - 1);
        if (out().json()) {
            ObjectNode o = out().object();
            put(o.putObject("completed"), completed);
            put(o.putObject("failed"), failed);
            out().printJson(o);
        } else {
            print(completed, failed);
        }
        return 0;
    }

    private static void put(ObjectNode o, Metrics m) {
        o.put("count", m.count());
        ArrayNode points = o.putArray("perMinute");
        m.perMinute().forEach(points::add);
    }

    private void print(Metrics completed, Metrics failed) {
        out().println("completed " + completed.count() + ", failed " + failed.count() + " since metrics began");
        int n = Math.max(completed.perMinute().size(), failed.perMinute().size());
        if (n == 0) {
            out().println("no per-minute data (workers record it when started with metrics enabled)");
            return;
        }
        Table t = new Table("MINUTE", ">COMPLETED", ">FAILED");
        for (int i = 0; i < n; i++) {
            t.row(i == 0 ? "latest" : i + "m before", at(completed.perMinute(), i), at(failed.perMinute(), i));
        }
        out().table(t);
    }

    private static long at(List<Long> points, int i) {
        return i < points.size() ? points.get(i) : 0;
    }
}
