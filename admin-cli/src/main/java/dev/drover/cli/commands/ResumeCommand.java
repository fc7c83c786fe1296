package dev.drover.cli.commands;

import dev.drover.queue.QueueAdmin;
import picocli.CommandLine.Command;

/** {@code drover resume QUEUE}: workers take jobs again. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused queue.")
public final class ResumeCommand extends QueueCommand {

    @Override
    protected int runOn(QueueAdmin admin) {
        admin.resume(queue);
        PausedState.print(out(), queue, false);
        return 0;
    }
}
