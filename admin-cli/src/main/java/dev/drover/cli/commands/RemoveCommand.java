package dev.drover.cli.commands;

import dev.drover.cli.CliException;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drover remove QUEUE ID...}: deletes jobs and their keys. Exit 1 for a missing id or a running (locked) job. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove jobs (not while a worker runs them).")
public final class RemoveCommand extends QueueCommand {

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Job ids.")
    List<String> ids;

    @Override
    protected int runOn(QueueAdmin admin) {
        return new IdBatch(out(), "removed").apply(ids, id -> remove(admin, id)).report();
    }

    private void remove(QueueAdmin admin, String id) {
        boolean removed;
        try {
            removed = admin.remove(queue, id);
        } catch (QueueException e) {
            if (e.kind() == QueueException.Kind.JOB_LOCKED) {
                throw CliException.refused("job '" + id + "' is running (a worker holds its lock); not removed");
            }
            throw e;
        }
        if (!removed) {
            throw CliException.notFound("job '" + id + "' not found in queue '" + queue + "'");
        }
    }
}
