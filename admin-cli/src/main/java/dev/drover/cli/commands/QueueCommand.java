package dev.drover.cli.commands;

import dev.drover.queue.QueueAdmin;
import picocli.CommandLine.Parameters;

/** A subcommand about one existing queue (its first parameter); unknown queues fail with exit 1 before it runs. */
public abstract class QueueCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "QUEUE", description = "Queue name.")
    protected String queue;

    @Override
    protected final int run(QueueAdmin admin) {
        requireQueue(admin, queue);
        return runOn(admin);
    }

    /** The command's work on {@link #queue}, which exists. */
    protected abstract int runOn(QueueAdmin admin);
}
