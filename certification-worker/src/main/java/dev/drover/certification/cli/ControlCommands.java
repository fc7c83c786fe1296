package dev.drover.certification.cli;

import dev.drover.certification.CertificationApp;
import dev.drover.certification.batch.BatchControl;
import dev.drover.certification.batch.BatchStore;
import dev.drover.db.Database;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.Queue;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code status}, {@code pause}, {@code resume}, {@code cancel} of one batch, named by its certification job id
 * (UUID) or its {@code certify-batch} queue job id. Exit codes: 0 done (or status shown), 1 no such batch or the
 * batch is not in a state the verb applies to, 2 bad configuration, 3 Redis/Postgres unreachable.
 */
public final class ControlCommands {

    private ControlCommands() {
    }

    /** Shared plumbing: connect, run the verb, print the row. */
    abstract static class Verb implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ID", description = "Certification job id (UUID) or queue job id.")
        String id;

        @Spec
        CommandSpec spec;

        abstract Optional<BatchControl.Result> apply(BatchControl control);

        abstract String verb();

        @Override
        public Integer call() {
            try (Database db = client.database(); Queue queue = new Queue(CertificationApp.QUEUE,
                    client.queueOptions())) {
                Optional<BatchControl.Result> r = apply(new BatchControl(new BatchStore(db.dsl()), queue));
                PrintWriter out = spec.commandLine().getOut();
                if (r.isEmpty()) {
                    spec.commandLine().getErr().println("no certification job " + id
                            + " (a batch just submitted appears once a worker has taken it)");
                    return 1;
                }
                print(out, r.get().row());
                if (!r.get().changed()) {
                    spec.commandLine().getErr().println("cannot " + verb() + " a " + r.get().row().getStatus()
                            + " batch");
                    return 1;
                }
                return 0;
            }
        }
    }

    static void print(PrintWriter out, CertificationJobsRecord row) {
        out.printf("id         %s%nqueue job  %s%ntype       %s%nstatus     %s%nregions    %s%nmodels     %d%n"
                        + "progress   %d/%d (success %d, failure %d, cancelled %d)%ncreated    %s by %s%n"
                        + "completed  %s%n",
                row.getId(), row.getQueueJobId(), row.getType(), row.getStatus(), String.join(",", row.getRegions()),
                row.getModelIds().length, row.getProcessedModels(), row.getTotalModels(), row.getSuccessCount(),
                row.getFailureCount(), row.getCancelledCount(), row.getCreatedAt(), row.getCreatedBy(),
                row.getCompletedAt() == null ? "-" : row.getCompletedAt());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a batch's status and counters.")
    public static final class Status extends Verb {
        @Override
        Optional<BatchControl.Result> apply(BatchControl c) {
            return c.status(id).map(row -> new BatchControl.Result(true, row));
        }

        @Override
        String verb() {
            return "show";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pauses a batch: items not yet started wait until it is resumed.")
    public static final class Pause extends Verb {
        @Override
        Optional<BatchControl.Result> apply(BatchControl c) {
            return c.pause(id);
        }

        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused batch.")
    public static final class Resume extends Verb {
        @Override
        Optional<BatchControl.Result> apply(BatchControl c) {
            return c.resume(id);
        }

        @Override
        String verb() {
            return "resume";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a batch: items not yet finished become CANCELLED (not failures).")
    public static final class Cancel extends Verb {
        @Override
        Optional<BatchControl.Result> apply(BatchControl c) {
            return c.cancel(id);
        }

        @Override
        String verb() {
            return "cancel";
        }
    }
}
