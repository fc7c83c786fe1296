package dev.drover.cli.commands;

import dev.drover.cli.CliException;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover obliterate QUEUE [--yes] [--force]}: deletes the queue and every job in it. Refused (exit 1) while
 * jobs are active unless {@code --force}; asks on a terminal unless {@code --yes}, and without a terminal refuses
 * unless {@code --yes}. The queue is paused first, as BullMQ does, so no worker picks up jobs meanwhile.
 */
@Command(name = "obliterate", mixinStandardHelpOptions = true,
        description = "Delete a queue and all its jobs (asks first; refuses while jobs are active unless --force).")
public final class ObliterateCommand extends QueueCommand {

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--force", description = "Also when jobs are active (their workers will fail to finish them).")
    boolean force;

    @Override
    protected int runOn(QueueAdmin admin) {
        Map<JobState, Long> counts = admin.counts(queue);
        long active = counts.getOrDefault(JobState.ACTIVE, 0L);
        if (active > 0 && !force) {
            throw CliException.refused("queue '" + queue + "' has " + active
                    + " active job(s); stop its workers first or pass --force");
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (!yes) {
            confirm(total);
        }
        admin.pause(queue);
        admin.obliterate(queue, force);
        BulkResult.print(out(), "obliterated", total, "obliterated queue '" + queue + "' (" + total + " job(s))");
        return 0;
    }

    private void confirm(long total) {
        if (!ctx().interactive()) {
            throw CliException.refused("not obliterating queue '" + queue
                    + "' without confirmation: pass --yes (stdin is not a terminal)");
        }
        String answer = ctx().ask(ctx().out(), "This deletes queue '" + queue + "' and its " + total
                + " job(s) for good. Type the queue name to confirm: ");
        if (!queue.equals(answer)) {
            throw CliException.refused("not confirmed; queue '" + queue + "' left as it was");
        }
    }
}
