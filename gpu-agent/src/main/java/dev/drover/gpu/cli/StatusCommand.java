package dev.drover.gpu.cli;

import dev.drover.gpu.JobView;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpu-agent status ID}: the job's state, bill and log size, one {@code key: value} per line. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a GPU job.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The job id.")
    UUID id;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            Optional<JobView> view = c.jobs.status(id);
            if (view.isEmpty()) {
                System.err.println("gpu-agent status: no job with id " + id);
                return 1;
            }
            JobView v = view.get();
            System.out.printf("id: %s%ntype: %s%nstatus: %s%nqueue: %s%ngpu model: %s%nprovider: %s%nattempts: %d%n"
                            + "reserved: %s%ncost: %s%nexit code: %s%nerror: %s%nstarted: %s%nfinished: %s%nlog lines: %d%n",
                    v.id(), v.type(), v.status(), v.queueState(), v.gpuModel(), v.providerId(), v.attempts(),
                    v.reserved(), v.cost(), v.exitCode(), v.error(), v.startedAt(), v.finishedAt(), v.logLines());
            return 0;
        }
    }
}
