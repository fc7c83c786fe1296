package dev.drover.daemon;

import dev.drover.db.Database;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisProbe;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.micrometer.QueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker daemon's shared parts, started by {@link #start}:
 * <ol>
 *   <li>checks Redis (PING) and Postgres (a pooled connection), failing with a {@link StartupException} that names
 *       host and port;</li>
 *   <li>with {@code --migrate-on-start}, applies pending migrations (the URL must be the schema owner's); then
 *       checks that the schema is exactly this jar's ({@link Database#requireCurrentSchema()}, which the runtime
 *       role may run), failing with exit 4 and the command that fixes it;</li>
 *   <li>serves {@code /health/live}, {@code /health/ready} and {@code /metrics} on {@code --http-port};</li>
 *   <li>builds {@link Worker}s ({@link #worker}) metered through the queue options' {@link QueueMetrics} and stops them in two phases on SIGTERM
 *       ({@link #awaitShutdown}) or {@link #close}.</li>
 * </ol>
 * A daemon's {@code call()} is typically: {@code try (Daemon d = Daemon.start(...)) { d.worker(...); return
 * d.awaitShutdown(); }}.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** One week of minutes: BullMQ's {@code MetricsTime.ONE_WEEK}. */
    static final int METRICS_DATA_POINTS = 7 * 24 * 60;

    private final String name;
    private final DaemonOptions options;
    private final QueueOptions queueOptions;
    private final Database database;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final QueueMetrics metrics = new QueueMetrics(registry);
    private final Shutdown shutdown;
    private final Map<String, Supplier<String>> readiness = new ConcurrentSkipListMap<>();
    private HealthServer http;

    private Daemon(String name, DaemonOptions options, QueueOptions queueOptions, Database database) {
        this.name = name;
        this.options = options;
        this.queueOptions = queueOptions.toBuilder().telemetry(metrics).build();
        this.database = database;
        this.shutdown = new Shutdown(options.shutdownTimeout());
    }

    /**
     * Validates the configuration, checks Redis and Postgres, opens the Postgres pool and starts the HTTP server.
     *
     * @param name the daemon's name, for the pool and the logs
     * @throws StartupException with a one-line reason when anything is missing, malformed or unreachable
     */
    public static Daemon start(String name, DaemonOptions options, Map<String, String> env) {
        QueueOptions queueOptions = options.queueOptions();
        var dbUrl = options.database(env);
        Backends.requireRedis(queueOptions.redis());
        Database database = options.openDatabase(name, env);
        Daemon d = new Daemon(name, options, queueOptions, database);
        try {
            SchemaCheck.prepare(database, options.migrateOnStart());
            d.startHttp();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        log.info("{} started: redis {}, postgres {}, http port {}", name, queueOptions.redis(), dbUrl, d.httpPort());
        return d;
    }

    /** {@link #start(String, DaemonOptions, Map)} with the process environment. */
    public static Daemon start(String name, DaemonOptions options) {
        return start(name, options, System.getenv());
    }

    private void startHttp() {
        RedisProbe redisProbe = Backends.redisProbe(queueOptions.redis());
        shutdown.addResource(redisProbe);
        readiness.put("redis", redisProbe::ping);
        readiness.put("postgres", () -> database.isReachable() ? null : "no connection within the pool timeout");
        readiness.put("shutdown", () -> shutdown.isStopping() ? "stopping" : null);
        http = new HealthServer(options.httpPort(), readiness, registry::scrape);
        shutdown.addResource(http);
        shutdown.addResource(database);
        shutdown.addResource(registry::close);
    }

    /**
     * Creates and starts a worker on {@code queueName}, metered by queue-core's {@link QueueMetrics}; it is closed
     * in the two-phase shutdown with {@code --shutdown-timeout} (the options' own shutdownTimeout is ignored). Its
     * queue's depth is published, and unless the options say otherwise it records BullMQ's per-minute
     * completed/failed metrics for a week ({@value #METRICS_DATA_POINTS} points), which bull-board and
     * {@code drover dashboard} chart.
     */
    public Worker worker(String queueName, Processor processor, WorkerOptions workerOptions) {
        WorkerOptions.Builder options = workerOptions.toBuilder().shutdownTimeout(this.options.shutdownTimeout());
        if (workerOptions.metricsDataPoints() == 0) {
            options.metricsDataPoints(METRICS_DATA_POINTS);
        }
        Worker worker = new Worker(queueName, processor, options.build(), queueOptions);
        watchQueue(queueName);
        shutdown.addWorker(worker);
        return worker.start();
    }

    /**
     * Publishes {@code queueName}'s depth per state in {@code /metrics} (a queue this daemon feeds, say), read at
     * most every 5 s and after each job this daemon's workers finish.
     */
    public void watchQueue(String queueName) {
        Queue handle = new Queue(queueName, queueOptions.toBuilder().maxConnections(1).build());
        shutdown.addResource(handle);
        metrics.watchQueue(handle);
    }

    /** Adds a readiness check: null when healthy, else a one-line problem ({@code /health/ready} answers 503). */
    public void readinessCheck(String checkName, Supplier<String> check) {
        readiness.put(checkName, check);
    }

    /** Closes {@code resource} at shutdown, after the workers and before anything registered earlier. */
    public void onShutdown(AutoCloseable resource) {
        shutdown.addResource(resource);
    }

    /**
     * Installs the SIGTERM/SIGINT handling and blocks until a signal arrives, then stops (two phases, see
     * {@link Shutdown}). Returns the exit code: 0.
     */
    public int awaitShutdown() throws InterruptedException {
        shutdown.installSignalHandlers();
        shutdown.awaitRequest();
        close();
        log.info("{} stopped", name);
        return 0;
    }

    /** Stops the workers in two phases and closes everything; safe to call more than once. */
    @Override
    public void close() {
        shutdown.run();
    }

    public String name() { return name; }
    public QueueOptions queueOptions() { return queueOptions; }
    public Database database() { return database; }
    public DSLContext dsl() { return database.dsl(); }
    public MeterRegistry meters() { return registry; }
    public int httpPort() { return http.port(); }
    public DaemonOptions options() { return options; }
}
