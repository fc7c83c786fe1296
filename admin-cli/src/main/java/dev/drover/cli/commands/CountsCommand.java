package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.Table;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code drover counts QUEUE}: how many jobs each state holds. */
@Command(name = "counts", mixinStandardHelpOptions = true, description = "Job counts per state of one queue.")
public final class CountsCommand extends QueueCommand {

    @Override
    protected int runOn(QueueAdmin admin) {
        Map<JobState, Long> counts = admin.counts(queue);
        if (out().json()) {
            out().printJson(countsJson(counts));
            return 0;
        }
        Table t = new Table("STATE", ">COUNT");
        for (JobState s : JobState.values()) {
            if (s != JobState.UNKNOWN) {
                t.row(s.bullName(), counts.getOrDefault(s, 0L));
            }
        }
        out().table(t);
        return 0;
    }

    /** Counts keyed by BullMQ's state names (as getJobCounts returns them). */
    static ObjectNode countsJson(Map<JobState, Long> counts) {
        ObjectNode o = Output.mapper().createObjectNode();
        for (JobState s : JobState.values()) {
            if (s != JobState.UNKNOWN) {
                o.put(s.bullName(), counts.getOrDefault(s, 0L));
            }
        }
        return o;
    }

    /** Jobs ready to run: {@code wait} plus a v5-paused queue's {@code paused} list. */
    static long waiting(Map<JobState, Long> counts) {
        return counts.getOrDefault(JobState.WAITING, 0L) + counts.getOrDefault(JobState.PAUSED, 0L);
    }
}
