package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The workers' runtime role writes rows in the domain schemas and can change no structure. */
@ExtendWith(PostgresExtension.class)
class RuntimeRoleTest {

    @Test
    void runtimeRoleWritesRowsButCannotDropOrCreate(TestDatabase db) throws SQLException {
        String role = "rt_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            s.execute("set drover.runtime_role = '" + role + "'");
            s.execute("set drover.runtime_password = 'rt-secret'");
            s.execute(SqlScripts.read("db/roles/create_runtime_role.sql"));
        }
        try (Connection rt = DriverManager.getConnection(db.jdbcUrl(), role, "rt-secret"); Statement s = rt.createStatement()) {
            s.execute("insert into certification.ai_models (id, name, provider) values ('m1', 'M1', 'meta')");
            s.execute("update certification.ai_models set active = false where id = 'm1'");
            assertThat(RollbackScriptTest.scalar(s, "select count(*) from certification.ai_models")).isEqualTo("1");

            assertThatThrownBy(() -> s.execute("drop table certification.ai_models"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("create table gpu.sneaky (id int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("truncate lead_sync.leads"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        } finally {
            try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
                s.execute("drop owned by " + role);
                s.execute("drop role " + role);
            }
        }
    }
}
