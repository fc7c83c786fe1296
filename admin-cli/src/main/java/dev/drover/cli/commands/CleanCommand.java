package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.convert.DurationConverter;
import dev.drover.cli.convert.JobStateConverter;
import dev.drover.cli.output.Humanize;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover clean QUEUE --state S --grace D [--limit N]}: removes jobs in a state older than the grace period
 * (finished jobs by finish time, others by creation time); running jobs are never removed.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove jobs in a state older than a grace period.")
public final class CleanCommand extends QueueCommand {

    @Option(names = "--state", required = true, paramLabel = "STATE", converter = JobStateConverter.class,
            description = "completed, failed, delayed, waiting, prioritized, paused or waiting-children.")
    JobState state;

    @Option(names = "--grace", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep jobs younger than this (ms, or 30s, 1h, 7d...).")
    Duration grace;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Remove at most N (default: no limit).")
    int limit;

    @Override
    protected int runOn(QueueAdmin admin) {
        if (limit < 0) {
            throw usage("--limit must be >= 0, got " + limit);
        }
        if (state == JobState.ACTIVE) {
            throw usage("active jobs are never cleaned; stop their workers instead");
        }
        List<String> removed = admin.clean(queue, state, grace, limit);
        if (out().json()) {
            ObjectNode o = out().object();
            ArrayNode ids = o.putArray("removed");
            removed.forEach(ids::add);
            out().printJson(o);
        } else {
            out().println("removed " + removed.size() + " " + state.bullName() + " job(s) older than "
                    + Humanize.duration(grace) + " from queue '" + queue + "'");
        }
        return 0;
    }
}
