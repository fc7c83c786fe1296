package dev.drover.cli.commands;

import dev.drover.cli.CliContext;
import dev.drover.cli.CliException;
import dev.drover.cli.DroverCli;
import dev.drover.cli.output.Output;
import dev.drover.queue.QueueAdmin;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A {@code drover} subcommand: opens a {@link QueueAdmin} on the chosen Redis, runs, closes it. Subclasses implement
 * {@link #run}, print through {@link #out()} and throw {@link CliException} for not-found or refused (exit 1).
 */
public abstract class AdminCommand implements Callable<Integer> {

    @ParentCommand
    private DroverCli root;

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        try (QueueAdmin admin = root.openAdmin()) {
            return run(admin);
        }
    }

    /** The command's work; returns the exit code. */
    protected abstract int run(QueueAdmin admin);

    protected DroverCli root() {
        return root;
    }

    protected Output out() {
        return root.output();
    }

    protected CliContext ctx() {
        return root.context();
    }

    protected Instant now() {
        return ctx().clock().instant();
    }

    /** Fails with exit 1 unless some key of {@code queue} exists under the prefix. */
    protected void requireQueue(QueueAdmin admin, String queue) {
        if (!admin.exists(queue)) {
            throw CliException.notFound("queue '" + queue + "' not found under prefix '" + root.prefix() + "' on "
                    + root.redis().addresses());
        }
    }

    /** A usage error (exit 2) for combinations picocli cannot check itself. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
