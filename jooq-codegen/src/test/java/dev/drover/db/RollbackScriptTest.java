package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 002's history: V2 keeps the pre-regional rows as legacy, and the rollback script brings them back. */
@ExtendWith(PostgresExtension.class)
class RollbackScriptTest {

    @Test
    void regionalMigrationKeepsOldRowsAndTheRollbackRestoresThem(@EmptyDatabase TestDatabase db) throws SQLException {
        flyway(db, "1").migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into certification.ai_models (id, name, provider) values ('m1', 'M1', 'anthropic')");
            s.execute("insert into certification.model_certifications (id, model_id, status, passed, score, rating)"
                    + " values ('00000000-0000-0000-0000-000000000001', 'm1', 'certified', true, 91.5, 'A')");
        }
        flyway(db, "latest").migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(scalar(s, "select count(*) from certification.model_certifications_legacy")).isEqualTo("1");
            assertThat(scalar(s, "select conname from pg_constraint where conrelid = 'certification.model_certifications_legacy'::regclass and contype = 'p'"))
                    .isEqualTo("model_certifications_legacy_pkey");

            s.execute(SqlScripts.read("db/rollback/rollback_V2_regional_certifications.sql"));

            assertThat(scalar(s, "select rating || ':' || score from certification.model_certifications where model_id = 'm1'"))
                    .isEqualTo("A:91.50");
            assertThat(scalar(s, "select conname from pg_constraint where conrelid = 'certification.model_certifications'::regclass and contype = 'p'"))
                    .isEqualTo("model_certifications_pkey");
            assertThat(scalar(s, "select to_regclass('certification.certification_jobs') is null")).isEqualTo("t");
            assertThat(scalar(s, "select count(*) from flyway_schema_history where version = '2'")).isEqualTo("0");
        }
    }

    private static Flyway flyway(TestDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }

    static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
