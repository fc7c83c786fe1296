package dev.drover.gpu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gpu-agent images submit|status}: seed 004's image batches. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Submit and inspect image batches (Gemini).",
        subcommands = {ImagesSubmitCommand.class, ImagesStatusCommand.class})
public final class ImagesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: submit or status");
    }
}
