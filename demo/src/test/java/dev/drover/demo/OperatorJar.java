package dev.drover.demo;

import dev.drover.certification.CertificationWorkerMain;
import dev.drover.cli.CliContext;
import dev.drover.cli.DroverCli;
import dev.drover.daemon.DaemonCli;
import dev.drover.daemon.DaemonCommand;
import dev.drover.gpu.GpuAgentMain;
import dev.drover.sync.app.LeadSyncMain;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One jar's command line, as its {@code main} builds it: the picocli model (to enumerate its commands, so a new
 * subcommand is covered without anyone listing it) and a way to run it in this JVM with a given environment and
 * streams, exactly as {@code main} would but without {@code System.exit}.
 *
 * @param name  the jar, as commands are named ({@code certification-worker}, {@code drover}, ...)
 * @param model the configured command line for an environment
 * @param run   runs one command line; returns the exit code
 */
record OperatorJar(String name, Function<Map<String, String>, CommandLine> model, Runner run) {

    /** Runs one command line of a jar. */
    @FunctionalInterface
    interface Runner {
        int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args);
    }

    /** A command of a jar: its words after the jar's name, its model, and whether it is a leaf and a daemon. */
    record Command(OperatorJar jar, List<String> path, CommandSpec spec, boolean leaf) {

        boolean daemon() {
            return spec.userObject() instanceof DaemonCommand;
        }

        String qualifiedName() {
            return spec.qualifiedName();
        }
    }

    static List<OperatorJar> all() {
        return List.of(
                new OperatorJar("certification-worker",
                        env -> DaemonCli.commandLine(new CertificationWorkerMain(), env),
                        (env, out, err, args) -> DaemonCli.execute(new CertificationWorkerMain(), env, out, err, args)),
                new OperatorJar("sync-worker",
                        env -> DaemonCli.commandLine(new LeadSyncMain(env), env),
                        LeadSyncMain::execute),
                new OperatorJar("gpu-agent",
                        env -> DaemonCli.commandLine(new GpuAgentMain(), env),
                        (env, out, err, args) -> DaemonCli.execute(new GpuAgentMain(), env, out, err, args)),
                new OperatorJar("drover",
                        env -> DroverCli.commandLine(context(env, new PrintWriter(PrintWriter.nullWriter()),
                                new PrintWriter(PrintWriter.nullWriter()))),
                        (env, out, err, args) -> DroverCli.execute(context(env, out, err), args)));
    }

    /** Every command of the jar, the root and the groups included, in the model's order. */
    List<Command> commands() {
        List<Command> out = new ArrayList<>();
        walk(model.apply(Map.of()), List.of(), out);
        return out;
    }

    private void walk(CommandLine cl, List<String> path, List<Command> out) {
        out.add(new Command(this, path, cl.getCommandSpec(), cl.getSubcommands().isEmpty()));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // aliases would repeat a command
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, out);
            }
        });
    }

    // not a terminal (no prompts, no colour): what a script or a log sees
    private static CliContext context(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new CliContext(out, err, new BufferedReader(new StringReader("")), false, env, Ansi.OFF,
                InstantSource.system());
    }
}
