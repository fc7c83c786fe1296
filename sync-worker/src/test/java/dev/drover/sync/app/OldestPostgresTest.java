package dev.drover.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncMode;
import dev.drover.sync.SyncRequest;
import dev.drover.sync.SyncStats;
import dev.drover.sync.crm.RequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.postgres.PostgresServer;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The oldest Postgres the README claims (15): every migration applies, the runtime role script runs, a sync writes
 * through jOOQ as the runtime role, and an operator command prints only its answer (jOOQ's dialect-version notice
 * included). The server is the zonky 15.x binaries jar the build copies to {@code target/postgres-oldest/}.
 */
class OldestPostgresTest {

    private static final Path BINARIES = Path.of("target", "postgres-oldest", "postgres-oldest.jar");

    @Test
    void everythingWorksOnTheOldestSupportedPostgres() throws Exception {
        PostgresServer server = PostgresServer.startEmbedded(BINARIES);
        try (Connection admin = server.connect("postgres"); Statement s = admin.createStatement()) {
            assertThat(admin.getMetaData().getDatabaseMajorVersion()).isEqualTo(15);
            s.execute("CREATE DATABASE drover");
        }
        Flyway.configure().dataSource(server.jdbcUrl("drover"), server.user(), server.password())
                .locations("classpath:db/migration").load().migrate();
        try (Connection owner = server.connect("drover"); Statement s = owner.createStatement()) {
            s.execute("SET drover.runtime_role = 'drover_runtime'");
            s.execute("SET drover.runtime_password = 'rt-pw'");
            s.execute(resource("db/roles/create_runtime_role.sql"));
        }
        String runtimeUrl = "postgres://drover_runtime:rt-pw@" + server.host() + ":" + server.port() + "/drover";

        try (DaemonProcess add = DaemonProcess.start(Map.of("DATABASE_URL", runtimeUrl), "segments", "add", "61")) {
            assertThat(add.awaitExit(Duration.ofSeconds(60))).as(add.output()).isZero();
            assertThat(add.output()).isEqualTo("segment 61 added (every 86400s, INCREMENTAL), due now\n");
        }
        try (SprintHubSimulator sim = SprintHubSimulator.start("tok-pg15", "oficialmed");
             Connection rt = DriverManager.getConnection(server.jdbcUrl("drover"), "drover_runtime", "rt-pw")) {
            sim.segment(61).addLeads(1, 12);
            var crm = SprintHubConfig.of(sim.baseUrl(), "tok-pg15", "oficialmed").withPageSize(5);
            var sync = new SegmentSync(DSL.using(rt, SQLDialect.POSTGRES),
                    new SprintHubClient(crm, RequestRateLimiter.unlimited()), InstantSource.system());
            assertThat(sync.run(new SyncRequest(61, SyncMode.INCREMENTAL, "pg15-run")).stats())
                    .isEqualTo(new SyncStats(12, 12, 12, 0, 0, 0, 3, 3));
        }
        try (DaemonProcess list = DaemonProcess.start(Map.of("DATABASE_URL", runtimeUrl), "segments", "list")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).as(list.output()).isZero();
            assertThat(list.output().lines()).hasSize(2).last().asString().contains(" success ").contains(" 100.00 ");
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = OldestPostgresTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
