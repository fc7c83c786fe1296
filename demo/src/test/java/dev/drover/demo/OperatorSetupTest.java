package dev.drover.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.cli.CliContext;
import dev.drover.cli.DroverCli;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.FreePort;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.postgres.PostgresServer;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;
import dev.drover.testing.postgres.JarMigrations;

/**
 * README, "Running the daemons in production", step by step from a blank database on a real Postgres: owner role and
 * database, {@code drover db migrate}, {@code drover db create-role}, a certification-worker process with the runtime
 * role's URL running a certification batch, {@code drover db check}; then seed 002's rollback to V1 (the daemon now
 * refuses to start, naming the command), the roll forward with {@code migrate --out-of-order}, and work again.
 * Names carry a random suffix because roles are shared by the whole (test) server.
 */
@ExtendWith(RedisExtension.class)
class OperatorSetupTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    private final PostgresServer pg = PostgresServer.shared();
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String owner = "drover_" + suffix;
    private final String database = "drover_" + suffix;
    private final String runtime = "drover_runtime_" + suffix;
    private final String ownerUrl = pgUrl(owner, "owner-pw");
    private final String runtimeUrl = pgUrl(runtime, "runtime-pw");
    private BedrockSimulator bedrock;
    private DaemonProcess daemon;

    @AfterEach
    void cleanUp() throws SQLException {
        if (daemon != null) {
            daemon.close();
        }
        if (bedrock != null) {
            bedrock.close();
        }
        superuser("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)",
                "DROP ROLE IF EXISTS " + runtime, "DROP ROLE IF EXISTS " + owner);
    }

    @Test
    void fromABlankPostgresToAWorkingDaemonThenRollBackV2AndMigrateAgain(TestRedis redis, @TempDir Path logs)
            throws Exception {
        // 1. owner role and database, as a superuser
        superuser("postgres", "CREATE ROLE " + owner + " LOGIN CREATEROLE PASSWORD 'owner-pw'",
                "CREATE DATABASE " + database + " OWNER " + owner);
        // 2. migrate as the owner
        Run migrate = drover(Map.of("DATABASE_URL", ownerUrl), "db", "migrate");
        assertThat(migrate.code()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("applied V1", "applied V" + JarMigrations.latest(),
                "is now at version " + JarMigrations.latest());
        // 3. the runtime role, still as the owner
        Run role = drover(Map.of("DATABASE_URL", ownerUrl, "RUNTIME_PASSWORD", "runtime-pw"),
                "db", "create-role", runtime, "--password-env", "RUNTIME_PASSWORD");
        assertThat(role.code()).as(role.toString()).isZero();
        // 4. a daemon with the runtime role's URL, doing work
        bedrock = BedrockSimulator.startWithDefaultCatalog();
        seedModelCatalog();
        Map<String, String> env = daemonEnv(redis);
        daemon = startDaemon(env, logs.resolve("first.log"));
        certifyAndAwait(redis, "first");
        // 5. check the runtime role
        Run check = drover(Map.of("DATABASE_URL", runtimeUrl), "db", "check");
        assertThat(check.code()).as(check.toString()).isZero();

        // roll back V2 (seed 002): stop the certification workers first
        daemon.close();
        Run rollback = drover(Map.of("DATABASE_URL", ownerUrl), "db", "rollback", "--to", "V1", "--keep-later", "--yes");
        assertThat(rollback.code()).as(rollback.toString()).isZero();
        assertThat(scalar("select to_regclass('certification.certification_jobs') is null and not exists ("
                + "select 1 from information_schema.columns where table_schema = 'certification'"
                + " and table_name = 'model_certifications' and column_name = 'region')")).isEqualTo("t");
        daemon = startDaemon(env, logs.resolve("refused.log"));
        await().atMost(WAIT).until(() -> !daemon.isAlive());
        assertThat(daemon.exitCode()).isEqualTo(4);
        assertThat(Files.readString(logs.resolve("refused.log")))
                .contains("drover db migrate --out-of-order --database-url postgres://" + owner + "@");

        // roll forward, and the same daemon works again with no new grants
        Run forward = drover(Map.of("DATABASE_URL", ownerUrl), "db", "migrate", "--out-of-order");
        assertThat(forward.code()).as(forward.toString()).isZero();
        assertThat(forward.out()).contains("applied V2 certification regional");
        assertThat(drover(Map.of("DATABASE_URL", runtimeUrl), "db", "check").code()).isZero();
        daemon = startDaemon(env, logs.resolve("second.log"));
        certifyAndAwait(redis, "second");
    }

    private DaemonProcess startDaemon(Map<String, String> env, Path log) {
        String main = JavaCommand.findClass(JavaCommand.classpath(), DaemonKind.CERTIFICATION.packagePrefix(),
                DaemonKind.CERTIFICATION.mainClass()).orElseThrow();
        int port = FreePort.pick();
        Map<String, String> own = new HashMap<>(env);
        own.put("HTTP_PORT", Integer.toString(port));
        DaemonProcess p = DaemonProcess.start("certification-worker", JavaCommand.classpath(), main, List.of("run"),
                own, log, port);
        return p;
    }

    private void certifyAndAwait(TestRedis redis, String createdBy) throws SQLException {
        await().atMost(WAIT).until(() -> Readiness.ready(daemon) || !daemon.isAlive());
        assertThat(daemon.isAlive()).as(String.join("\n", daemon.tail(30))).isTrue();
        try (Queue q = new Queue("certification", QueueOptions.builder().redisUrl(redis.url())
                .prefix(redis.prefix()).build())) {
            q.add("certify-batch", Map.of("type", "SINGLE_MODEL", "regions", List.of("us-east-1"),
                    "modelIds", List.of(MODEL), "createdBy", createdBy));
        }
        await().atMost(WAIT).until(() -> "COMPLETED".equals(scalar("select status from certification.certification_jobs"
                + " where created_by = '" + createdBy + "'")));
        assertThat(scalar("select count(*) from certification.model_certifications where model_id = '" + MODEL
                + "' and region = 'us-east-1'")).isEqualTo("1");
    }

    // the operator's own step: tell Drover which models exist (certification-worker reads ai_models)
    private void seedModelCatalog() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(database), owner, "owner-pw");
             Statement s = c.createStatement()) {
            s.execute("insert into certification.ai_models (id, name, provider) values ('" + MODEL + "', 'Haiku', 'anthropic')");
        }
    }

    private Map<String, String> daemonEnv(TestRedis redis) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", runtimeUrl);
        env.put("REDIS_URL", redis.url());
        env.put("QUEUE_PREFIX", redis.prefix());
        env.put("BEDROCK_ENDPOINT", bedrock.endpointTemplate());
        env.put("BEDROCK_RUNTIME_ENDPOINT", bedrock.endpointTemplate());
        env.put("AWS_ACCESS_KEY_ID", "operator-test");
        env.put("AWS_SECRET_ACCESS_KEY", "operator-test-secret");
        env.put("BEDROCK_RETRY_BACKOFF_MS", "10");
        env.put("SHUTDOWN_TIMEOUT", "5s");
        return env;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run drover(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader("")), false, env, Ansi.OFF, InstantSource.system());
        int code = DroverCli.execute(ctx, args);
        return new Run(code, out.toString(), err.toString());
    }

    private String pgUrl(String user, String password) {
        return "postgres://" + user + ":" + password + "@" + pg.host() + ":" + pg.port() + "/" + database;
    }

    private void superuser(String db, String... statements) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
