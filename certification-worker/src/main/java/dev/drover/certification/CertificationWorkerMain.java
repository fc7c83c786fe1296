package dev.drover.certification;

import dev.drover.certification.cli.ControlCommands;
import dev.drover.certification.cli.RunCommand;
import dev.drover.certification.cli.SubmitCommand;
import dev.drover.daemon.DaemonCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The certification worker's launcher: {@code run} is the daemon; {@code submit}, {@code status}, {@code pause},
 * {@code resume} and {@code cancel} operate batches from a terminal. Options read the environment variable named
 * after them ({@code --redis-url} ↔ {@code REDIS_URL}); see {@code --help} of each subcommand.
 */
@Command(name = "certification-worker", mixinStandardHelpOptions = true,
        description = "Certifies AI models per region (queue 'certification') and operates certification batches.",
        subcommands = {RunCommand.class, SubmitCommand.class, ControlCommands.Status.class,
                ControlCommands.Pause.class, ControlCommands.Resume.class, ControlCommands.Cancel.class})
public final class CertificationWorkerMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new CertificationWorkerMain(), args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
