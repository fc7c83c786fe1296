package dev.drover.gpu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gpu-agent train submit|status}: seed 004's model training. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Submit and inspect model training.",
        subcommands = {TrainSubmitCommand.class, TrainStatusCommand.class})
public final class TrainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: submit or status");
    }
}
