package dev.drover.cli.commands;

import dev.drover.cli.CliException;
import dev.drover.cli.ExitCode;
import dev.drover.cli.convert.DurationConverter;
import dev.drover.dashboard.DashboardConfig;
import dev.drover.dashboard.DashboardServer;
import dev.drover.dashboard.web.Credentials;
import dev.drover.db.Database;
import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.QueueAdmin;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover dashboard}: serves the web dashboard (module {@code dashboard}) until Ctrl-C. Credentials and the
 * database come from the environment only ({@code DASHBOARD_TOKEN}, {@code DASHBOARD_USER},
 * {@code DASHBOARD_PASSWORD}, {@code DATABASE_URL}), never from flags, so no secret shows in {@code ps}.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the web dashboard: queues, jobs and actions, plus certification, CRM and GPU pages when "
                + "DATABASE_URL is set.",
            "Credentials come from the environment: DASHBOARD_TOKEN (bearer, or basic auth with any user) and/or "
                + "DASHBOARD_USER (default admin) + DASHBOARD_PASSWORD. They are required on any address but loopback."})
public final class DashboardCommand extends AdminCommand {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--read-only", description = "Hide every action and refuse it (403).")
    boolean readOnly;

    @Option(names = "--duration", hidden = true, converter = DurationConverter.class, description = "Stop after this long.")
    Duration duration;

    @Override
    protected int run(QueueAdmin admin) {
        admin.queueNames(); // fails now, with exit 3, when Redis cannot be reached
        Map<String, String> env = ctx().env();
        Set<String> secrets = new TreeSet<>(DashboardConfig.secretsIn(env));
        try (Database db = openDatabase(env, secrets)) {
            DashboardConfig config = DashboardConfig.of(root().queueOptions().toBuilder().maxConnections(8).build())
                    .withDomain(db == null ? null : db.dsl()).withReadOnly(readOnly)
                    .withCredentials(Credentials.fromEnv(env)).withSecrets(secrets);
            try (DashboardServer server = DashboardServer.start(config, bind, port)) {
                out().println("dashboard at " + server.url() + (readOnly ? " (read-only)" : "")
                        + (db == null ? "; set DATABASE_URL for the certification, CRM and GPU pages" : "")
                        + " — Ctrl-C to stop");
                out().out().flush();
                awaitStop();
            } catch (IllegalStateException e) {
                throw CliException.refused(e.getMessage());
            }
        }
        return ExitCode.OK;
    }

    private static Database openDatabase(Map<String, String> env, Set<String> secrets) {
        String url = env.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        DatabaseUrl parsed = DatabaseUrl.parse(url, env);
        secrets.add(parsed.password());
        try {
            return Database.open(parsed, "drover-dashboard", 4);
        } catch (DatabaseException e) {
            throw new CliException(ExitCode.NO_REDIS, e.getMessage());
        }
    }

    /** Until Ctrl-C (the JVM shutting down), an interrupt, or the hidden {@code --duration}. */
    private void awaitStop() {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "drover-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C)
            }
        }
    }
}
