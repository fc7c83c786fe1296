package dev.drover.gpu.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpu-agent cancel ID}: cancels at once when not started (full refund), else asks its agent to stop it. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a GPU job.")
public final class CancelCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The job id.")
    UUID id;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            var status = c.jobs.cancel(id);
            System.out.println(id + " " + status + (status.name().equals("RUNNING") ? " (its agent will stop it)" : ""));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("gpu-agent cancel: " + e.getMessage());
            return 1;
        }
    }
}
