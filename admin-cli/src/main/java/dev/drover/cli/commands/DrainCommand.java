package dev.drover.cli.commands;

import dev.drover.queue.QueueAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover drain QUEUE [--delayed]}: removes every job not yet started (running jobs are untouched). */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Remove every waiting (and with --delayed, delayed) job; running jobs are untouched.")
public final class DrainCommand extends QueueCommand {

    @Option(names = "--delayed", description = "Also remove delayed jobs.")
    boolean delayed;

    @Override
    protected int runOn(QueueAdmin admin) {
        long n = admin.drain(queue, delayed);
        BulkResult.print(out(), "removed", n, "drained " + n + " job(s) from queue '" + queue + "'");
        return 0;
    }
}
