package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.lifecycle.Migrations;
import dev.drover.db.lifecycle.Rollback;
import dev.drover.db.lifecycle.SchemaStatus;
import dev.drover.db.lifecycle.SqlResource;
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

            s.execute(SqlResource.read(Rollback.SCRIPTS.getFirst().resource()));

            assertThat(scalar(s, "select rating || ':' || score from certification.model_certifications where model_id = 'm1'"))
                    .isEqualTo("A:91.50");
            assertThat(scalar(s, "select conname from pg_constraint where conrelid = 'certification.model_certifications'::regclass and contype = 'p'"))
                    .isEqualTo("model_certifications_pkey");
            assertThat(scalar(s, "select to_regclass('certification.certification_jobs') is null")).isEqualTo("t");
            assertThat(scalar(s, "select count(*) from flyway_schema_history where version = '2'")).isEqualTo("0");
        }
        rollForwardAgain(db);
    }

    // V3..V5 stayed applied: V2 is now below them, and only an out-of-order migrate applies it again
    private static void rollForwardAgain(TestDatabase db) throws SQLException {
        Migrations migrations = new Migrations(db.dataSource(), DatabaseUrl.parse(db.url(), java.util.Map.of()));
        SchemaStatus rolledBack = migrations.status();
        assertThat(rolledBack.verdict()).isEqualTo(SchemaStatus.Verdict.OUT_OF_ORDER);
        assertThat(rolledBack.versions(SchemaStatus.MigrationState.NOT_APPLIED)).isEqualTo("V2");
        assertThatThrownBy(() -> migrations.migrate(null, false)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("--out-of-order");

        assertThat(migrations.migrate(null, true).applied()).extracting(Migrations.Applied::version).containsExactly("2");
        assertThat(migrations.status().verdict()).isEqualTo(SchemaStatus.Verdict.CURRENT);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(scalar(s, "select count(*) from certification.model_certifications_legacy")).isEqualTo("1");
        }
    }

    @Test
    void theRollbackLeavesAnotherApplicationsVersion2Alone(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create schema other_app");
            s.execute("create table other_app.flyway_schema_history (version text, script text)");
            s.execute("insert into other_app.flyway_schema_history values ('2', 'V2__add_email.sql')");
            s.execute(SqlResource.read(Rollback.SCRIPTS.getFirst().resource()));
            assertThat(scalar(s, "select count(*) from other_app.flyway_schema_history")).isEqualTo("1");
            assertThat(scalar(s, "select count(*) from public.flyway_schema_history where version = '2'")).isEqualTo("0");
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
