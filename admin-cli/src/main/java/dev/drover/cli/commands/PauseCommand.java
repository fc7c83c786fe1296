package dev.drover.cli.commands;

import dev.drover.queue.QueueAdmin;
import picocli.CommandLine.Command;

/** {@code drover pause QUEUE}: workers stop fetching; producers may still add. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a queue: workers stop taking jobs.")
public final class PauseCommand extends QueueCommand {

    @Override
    protected int runOn(QueueAdmin admin) {
        admin.pause(queue);
        PausedState.print(out(), queue, true);
        return 0;
    }
}
