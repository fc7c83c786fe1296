package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    void aSchemaOlderThanTheCodeIsReportedAtStart(@EmptyDatabase TestDatabase db) {
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2)) {
            assertThatThrownBy(database::requireCurrentSchema)
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("older than this code")
                    .hasMessageContaining("V1");
            database.migrate();
            database.requireCurrentSchema();
            assertThat(database.isReachable()).isTrue();
        }
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAgainAreANoOp(@EmptyDatabase TestDatabase db) {
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2)) {
            assertThat(database.migrate().migrationsExecuted).isPositive();
            assertThat(database.migrate().migrationsExecuted).isZero();
        }
    }
}
