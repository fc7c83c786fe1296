package dev.drover.cli.commands;

import dev.drover.cli.CliException;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover promote QUEUE (ID... | --all)}: moves delayed jobs to wait now. Exit 1 for a missing or non-delayed id. */
@Command(name = "promote", mixinStandardHelpOptions = true, description = "Run delayed jobs now: the given ids, or --all.")
public final class PromoteCommand extends QueueCommand {

    @Parameters(index = "1..*", paramLabel = "ID", description = "Delayed job ids.")
    List<String> ids = List.of();

    @Option(names = "--all", description = "Promote every delayed job.")
    boolean all;

    @Override
    protected int runOn(QueueAdmin admin) {
        if (all == !ids.isEmpty()) {
            throw usage("give job ids or --all (one of them)");
        }
        if (all) {
            long n = admin.counts(queue).getOrDefault(JobState.DELAYED, 0L);
            admin.promoteAll(queue);
            BulkResult.print(out(), "promoted", n, n + " delayed job(s) of queue '" + queue + "' moved to wait");
            return 0;
        }
        return new IdBatch(out(), "promoted").apply(ids, id -> promote(admin, id)).report();
    }

    private void promote(QueueAdmin admin, String id) {
        try {
            admin.promote(queue, id);
        } catch (QueueException e) {
            if (e.kind() == QueueException.Kind.JOB_NOT_FOUND) {
                throw CliException.notFound("job '" + id + "' not found in queue '" + queue + "'");
            }
            if (e.kind() == QueueException.Kind.NOT_IN_STATE) {
                throw CliException.refused("job '" + id + "' is " + admin.jobState(queue, id).bullName()
                        + ", not delayed");
            }
            throw e;
        }
    }
}
