package dev.drover.cli.commands;

import dev.drover.cli.CliException;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover retry QUEUE (ID... | --all-failed)}: moves failed (or completed) jobs back to wait. Exit 1 when an id
 * does not exist or is in another state; the other ids are still retried.
 */
@Command(name = "retry", mixinStandardHelpOptions = true, description = "Retry failed jobs: the given ids, or --all-failed.")
public final class RetryCommand extends QueueCommand {

    @Parameters(index = "1..*", paramLabel = "ID", description = "Job ids (failed or completed).")
    List<String> ids = List.of();

    @Option(names = "--all-failed", description = "Retry every failed job.")
    boolean allFailed;

    @Override
    protected int runOn(QueueAdmin admin) {
        if (allFailed == !ids.isEmpty()) {
            throw usage("give job ids or --all-failed (one of them)");
        }
        if (allFailed) {
            long n = admin.counts(queue).getOrDefault(JobState.FAILED, 0L);
            admin.retryAllFailed(queue);
            BulkResult.print(out(), "retried", n, n + " failed job(s) of queue '" + queue + "' moved back to wait");
            return 0;
        }
        return new IdBatch(out(), "retried").apply(ids, id -> {
            if (admin.job(queue, id).isEmpty()) {
                throw CliException.notFound("job '" + id + "' not found in queue '" + queue + "'");
            }
            admin.retry(queue, id);
        }).report();
    }
}
