package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.lifecycle.Migrations;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.postgres.OtherHistories;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

@ExtendWith(PostgresExtension.class)
class DatabaseTest {

    @Test
    void unreachableServerIsNamedWithoutThePassword() {
        int closedPort = FreePort.pick();
        DatabaseUrl url = DatabaseUrl.parse("postgres://drover:topsecret@127.0.0.1:" + closedPort + "/app", Map.of());
        assertThatThrownBy(() -> Database.open(url, "test", 1))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort + "/app")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void aSchemaOlderThanTheCodeIsRefusedWithTheCommandThatMigratesIt(@EmptyDatabase TestDatabase db) {
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2)) {
            assertThatThrownBy(database::requireCurrentSchema)
                    .isInstanceOfSatisfying(DatabaseException.class,
                            e -> assertThat(e.kind()).isEqualTo(DatabaseException.Kind.SCHEMA))
                    .hasMessageContaining("has no migration applied, older than this jar")
                    .hasMessageContaining("pending V1, V2, V3, V4, V5")
                    .hasMessageContaining("drover db migrate --database-url postgres://" + db.user() + "@"
                            + db.server().host() + ":" + db.server().port() + "/" + db.name());
            database.migrate();
            assertThat(database.requireCurrentSchema().databaseVersion()).isEqualTo(String.valueOf(JarMigrations.latest()));
            assertThat(database.isReachable()).isTrue();
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused(@EmptyDatabase TestDatabase db) {
        OtherHistories.newerDrover(db.dataSource());
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2)) {
            assertThatThrownBy(database::requireCurrentSchema)
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("is at version " + OtherHistories.newerVersion() + ", newer than this jar (version "
                            + JarMigrations.latest() + ")")
                    .hasMessageContaining("run a release of Drover that includes V" + OtherHistories.newerVersion());
        }
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAgainAreANoOp(@EmptyDatabase TestDatabase db) {
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2)) {
            assertThat(database.migrate().applied()).extracting(Migrations.Applied::version)
                    .containsExactlyElementsOf(JarMigrations.versions().stream().map(String::valueOf).toList());
            assertThat(database.migrate().applied()).isEmpty();
        }
    }
}
