package dev.drover.demo;

import dev.drover.dashboard.DashboardConfig;
import dev.drover.dashboard.DashboardServer;
import dev.drover.db.Database;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole demo: servers, simulators, daemons as processes, the workload, progress, the summary from Postgres and
 * its checks; with {@code --keep-running}, the web dashboard too, from the start. {@link #run} registers everything
 * it starts with the {@link Resources} it is given; the caller closes them (after {@code --keep-running}'s wait, if
 * asked).
 */
final class Demo {

    /** What a run produced: the summary read from Postgres and whether every expectation held. */
    record Result(Report report, List<Check> checks, List<String> missing) {

        boolean ok() {
            return missing.isEmpty() && !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        }
    }

    private final DemoOptions options;
    private final Map<String, String> env;
    private final Console console;
    private final Resources resources;
    private Servers servers;
    private Fleet fleet;
    private DashboardServer dashboard;

    Demo(DemoOptions options, Map<String, String> env, Console console, Resources resources) {
        this.options = options;
        this.env = env;
        this.console = console;
        this.resources = resources;
    }

    Result run() {
        DemoSize size = options.size();
        console.step("Drover demo (" + size.name() + " size)");
        TempDir work = resources.add(TempDir.create("drover-demo-"));
        servers = Servers.start(env, resources, console);
        if (options.keepRunning()) {
            dashboard = startDashboard();
            console.step("dashboard at " + dashboard.url() + " (watch the workload live)");
        }
        Simulators sims = Simulators.start(size, resources, console);
        fleet = resources.add(new Fleet(JavaCommand.classpath(), daemonEnv(sims, work.path()), work.path()));
        fleet.missing().forEach(k -> console.warn("MISSING: " + k.label() + " (no " + k.mainClass()
                + " on the classpath); its part of the demo does not run"));
        startDaemons();
        try (Database db = servers.openDatabase(env, "demo");
             QueueAdmin admin = new QueueAdmin(queueOptions())) {
            Workload workload = new Workload(fleet, size, console, sims.referenceImage().url());
            workload.certification(db.dsl(), queueOptions());
            workload.crmSegments();
            workload.gpuJobs(db.dsl());
            Expectations expect = new Expectations(size, sims);
            Report report = watch(new ProgressMonitor(admin, db.dsl(), console), db, workload, expect);
            console.raw("\n" + report.render());
            List<Check> checks = expect.check(report, workload);
            fleet.dead().forEach(d -> console.warn(d.name() + " exited with " + d.exitCode() + "; log " + d.log()));
            return new Result(report, withDaemonCheck(checks), fleet.missing().stream().map(DaemonKind::label).toList());
        }
    }

    private void startDaemons() {
        fleet.start(DaemonKind.CERTIFICATION, 2, console);
        fleet.start(DaemonKind.SYNC, 1, console);
        fleet.start(DaemonKind.GPU, 1, console);
        List<DaemonProcess> notReady = Readiness.await(fleet.processes(), Duration.ofSeconds(60));
        for (DaemonProcess d : notReady) {
            console.warn(d.name() + " is not ready" + (d.isAlive() ? "" : " (exited " + d.exitCode() + ")")
                    + "; last log lines:");
            d.tail(15).forEach(l -> console.raw("      " + l));
        }
        if (notReady.isEmpty()) {
            console.step("all " + fleet.processes().size() + " daemons ready (/health/ready = 200)");
        }
    }

    /** Progress every couple of seconds until every part settled, a daemon died or the timeout passed. */
    private Report watch(ProgressMonitor monitor, Database db, Workload workload, Expectations expect) {
        Instant deadline = Instant.now().plus(options.timeout());
        Report report = Report.read(db.dsl());
        while (!expect.settled(report, workload) && Instant.now().isBefore(deadline) && fleet.dead().isEmpty()) {
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            monitor.report();
            report = Report.read(db.dsl());
        }
        if (!expect.settled(report, workload)) {
            console.warn("the workload did not finish (timeout " + options.timeout().toSeconds()
                    + "s or a daemon exited)");
        }
        monitor.report();
        console.step("done in " + console.elapsed().toSeconds() + "s; queues: " + monitor.finalCounts());
        return report;
    }

    private List<Check> withDaemonCheck(List<Check> checks) {
        List<Check> all = new java.util.ArrayList<>(checks);
        all.add(Check.of("every daemon still running", fleet.dead().isEmpty(),
                fleet.processes().size() + " started, " + fleet.dead().size() + " exited"));
        return all;
    }

    private Map<String, String> daemonEnv(Simulators sims, java.nio.file.Path work) {
        Map<String, String> e = new LinkedHashMap<>(sims.env());
        e.put("STORAGE_DIR", work.resolve("gpu-storage").toString());
        e.put("JOBS_DIR", work.resolve("gpu-jobs").toString());
        e.put("REDIS_URL", servers.redisUrl());
        e.put("DATABASE_URL", servers.databaseUrl());
        e.put("SHUTDOWN_TIMEOUT", "5s");
        e.put("SCHEDULE_INTERVAL", "1s");
        e.put("JOB_BACKOFF", "1s");
        e.put("CERTIFY_ITEM_BACKOFF", "500ms");
        e.put("PROVIDER_NAME", "demo-gpu-host");
        e.put("METRICS_INTERVAL", "1s");
        e.put("RELAY_AGE", "5s");
        return e;
    }

    /** The web dashboard over the demo's Redis and Postgres, on port 8080 when it is free, else on any free port. */
    private DashboardServer startDashboard() {
        Database db = resources.add(servers.openDatabase(env, "dashboard"));
        DashboardConfig config = DashboardConfig.of(queueOptions()).withDomain(db.dsl());
        try {
            return resources.add(DashboardServer.start(config, "127.0.0.1", 8080));
        } catch (IllegalStateException busy) {
            return resources.add(DashboardServer.start(config, "127.0.0.1", 0));
        }
    }

    /** The dashboard's address, or null when it was not started (without {@code --keep-running}). */
    java.net.URI dashboardUrl() {
        return dashboard == null ? null : dashboard.url();
    }

    QueueOptions queueOptions() {
        return QueueOptions.builder().redisUrl(servers.redisUrl()).build();
    }

    Servers servers() {
        return servers;
    }

    Fleet fleet() {
        return fleet;
    }
}
