package dev.drover.gpu;

import dev.drover.daemon.DaemonCli;
import dev.drover.gpu.cli.CancelCommand;
import dev.drover.gpu.cli.ImagesCommand;
import dev.drover.gpu.cli.RunCommand;
import dev.drover.gpu.cli.StatusCommand;
import dev.drover.gpu.cli.SubmitCommand;
import dev.drover.gpu.cli.TrainCommand;
import dev.drover.gpu.cli.UsersCommand;
import picocli.CommandLine.Command;

/**
 * {@code gpu-agent}: the GPU host daemon ({@code run}), the marketplace's job commands ({@code submit},
 * {@code cancel}, {@code status}; seed 004's {@code images submit|status} and {@code train submit|status}) and the
 * operator's {@code users add|deposit|show}. Each command takes only its own options; connection settings also come
 * from the environment ({@code --redis-url} ↔ {@code REDIS_URL}); {@code gpu-agent <command> --help} lists them.
 */
@Command(name = "gpu-agent", mixinStandardHelpOptions = true, version = "gpu-agent 0.1.0",
        description = "Runs GPU jobs on this host and submits, cancels and inspects them.",
        subcommands = {RunCommand.class, SubmitCommand.class, CancelCommand.class, StatusCommand.class,
                ImagesCommand.class, TrainCommand.class, UsersCommand.class})
public final class GpuAgentMain implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "a command is required: run, submit, cancel, status, images, train or users");
    }

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new GpuAgentMain(), args));
    }
}
