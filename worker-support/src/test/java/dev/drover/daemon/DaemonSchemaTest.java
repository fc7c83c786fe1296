package dev.drover.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.DatabaseUrl;
import dev.drover.db.lifecycle.RuntimeRole;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.postgres.OtherHistories;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

/** The schema step of a daemon's start: refuse a schema that is not the jar's, or migrate it when asked. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class DaemonSchemaTest {

    private static final int LATEST = JarMigrations.latest();

    private static DaemonOptions options(TestRedis redis, String databaseUrl) {
        return DaemonOptions.of(redis.url(), databaseUrl, redis.prefix(), 0, Duration.ofSeconds(1));
    }

    @Test
    void anUnmigratedDatabaseIsRefusedNamingTheCommandThenMigrateOnStartAppliesIt(TestRedis redis,
                                                                                 @EmptyDatabase TestDatabase db) {
        assertThatThrownBy(() -> Daemon.start("test-daemon", options(redis, db.url()), Map.of()))
                .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
                .hasMessageContaining("has no migration applied, older than this jar (version " + LATEST + "): pending V1")
                .hasMessageContaining("run `drover db migrate --database-url postgres://" + db.user() + "@"
                        + db.server().host() + ":" + db.server().port() + "/" + db.name() + "`")
                .hasMessageContaining("MIGRATE_ON_START=true");

        try (Daemon d = Daemon.start("test-daemon", options(redis, db.url()).withMigrateOnStart(), Map.of())) {
            assertThat(d.database().requireCurrentSchema().databaseVersion()).isEqualTo(String.valueOf(LATEST));
        }
    }

    @Test
    void aSchemaNewerThanTheJarIsRefused(TestRedis redis, @EmptyDatabase TestDatabase db) {
        OtherHistories.newerDrover(db.dataSource());
        assertThatThrownBy(() -> Daemon.start("test-daemon", options(redis, db.url()).withMigrateOnStart(), Map.of()))
                .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
                .hasMessageContaining("newer than this jar (version " + LATEST + ")");
    }

    @Test
    void theRuntimeRolePassesTheCheckButCannotMigrateOnStart(TestRedis redis, TestDatabase db) throws SQLException {
        String role = "rt_" + UUID.randomUUID().toString().substring(0, 8);
        String url = DatabaseUrl.parse(db.url(), Map.of()).withCredentials(role, "rt-pw").withoutPassword()
                .replace(role + "@", role + ":rt-pw@");
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            RuntimeRole.createOrUpdate(owner, role, "rt-pw");
            try (Daemon d = Daemon.start("test-daemon", options(redis, url), Map.of())) {
                assertThat(d.database().isReachable()).isTrue();
            }
            s.execute("delete from public.flyway_schema_history where version = '" + LATEST + "'");

            assertThatThrownBy(() -> Daemon.start("test-daemon", options(redis, url).withMigrateOnStart(), Map.of()))
                    .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
                    .hasMessageStartingWith("MIGRATE_ON_START=true needs the schema owner's DATABASE_URL: " + role
                            + " may not migrate")
                    .hasMessageNotContaining("rt-pw");
        } finally {
            try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
                s.execute("drop owned by " + role);
                s.execute("drop role " + role);
            }
        }
    }
}
