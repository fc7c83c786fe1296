package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.lifecycle.Connections;
import dev.drover.db.lifecycle.Finding;
import dev.drover.db.lifecycle.Migrations;
import dev.drover.db.lifecycle.RoleAudit;
import dev.drover.db.lifecycle.RuntimeProbe;
import dev.drover.db.lifecycle.RuntimeRole;
import dev.drover.db.lifecycle.SqlResource;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The workers' runtime role writes rows in the domain schemas, reads Flyway's history and can change no structure. */
@ExtendWith(PostgresExtension.class)
class RuntimeRoleTest {

    private final String role = "rt_" + UUID.randomUUID().toString().substring(0, 8);
    private TestDatabase db;

    @AfterEach
    void dropRole() throws SQLException {
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            s.execute("drop owned by " + role);
            s.execute("drop role " + role);
        }
    }

    @Test
    void theScriptRunFromPsqlStyleSettingsMakesARoleThatWritesRowsButCannotDropOrCreate(TestDatabase db)
            throws SQLException {
        this.db = db;
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            s.execute("set drover.runtime_role = '" + role + "'");
            s.execute("set drover.runtime_password = 'rt-secret'");
            s.execute(SqlResource.read(SqlResource.RUNTIME_ROLE));
        }
        try (Connection rt = DriverManager.getConnection(db.jdbcUrl(), role, "rt-secret"); Statement s = rt.createStatement()) {
            s.execute("insert into certification.ai_models (id, name, provider) values ('m1', 'M1', 'meta')");
            s.execute("update certification.ai_models set active = false where id = 'm1'");
            assertThat(RollbackScriptTest.scalar(s, "select count(*) from certification.ai_models")).isEqualTo("1");
            assertThat(RollbackScriptTest.scalar(s, "select count(*) > 0 from public.flyway_schema_history")).isEqualTo("t");
            // the exactly-once ledger and the outbox: registered, completed, relayed, pruned
            s.execute("insert into drover.processed_jobs (queue, job_id, job_timestamp, attempt, lock_token)"
                    + " values ('q', '1', 1, 1, 't')");
            s.execute("update drover.processed_jobs set completed_at = now(), result = '1'");
            s.execute("insert into drover.outbox (queue, job_id, job) values ('q', 'j', '{}')");
            s.execute("update drover.outbox set relayed_at = now()");
            s.execute("delete from drover.processed_jobs");
            s.execute("delete from drover.outbox");
            assertThatThrownBy(() -> s.execute("truncate drover.outbox"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");

            assertThatThrownBy(() -> s.execute("drop table certification.ai_models"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("create table gpu.sneaky (id int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("truncate lead_sync.leads"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("delete from public.flyway_schema_history"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void createOrUpdateBindsAPasswordWithQuotesAndTheRoleMeetsEveryCheck(TestDatabase db) throws SQLException {
        this.db = db;
        String password = "it's'; drop role postgres; --\\ \"x\"";
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            // another application's history in the same database must stay closed to the runtime role
            s.execute("create schema other_app");
            s.execute("create table other_app.flyway_schema_history (script text)");
            s.execute("insert into other_app.flyway_schema_history values ('V1__create_users.sql')");
            RuntimeRole.createOrUpdate(owner, role, password);
            RuntimeRole.createOrUpdate(owner, role, password); // idempotent
            assertThat(RoleAudit.audit(owner, role)).allSatisfy(f -> assertThat(f.ok()).as(f.toString()).isTrue());
            assertThat(RollbackScriptTest.scalar(s, "select has_table_privilege('" + role
                    + "', 'other_app.flyway_schema_history', 'SELECT')")).isEqualTo("f");
            assertThat(RollbackScriptTest.scalar(s, "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid"
                    + " where rolname = '" + role + "'")).isEqualTo("t");
        }
        DatabaseUrl runtime = DatabaseUrl.parse(db.url(), Map.of()).withCredentials(role, password);
        var ds = Connections.simple(runtime, "test");
        new Migrations(ds, runtime).requireCurrent(null);
        try (Connection rt = Connections.open(ds, runtime)) {
            List<Finding> probe = RuntimeProbe.run(rt);
            assertThat(probe).hasSize(3).allSatisfy(f -> assertThat(f.ok()).as(f.toString()).isTrue());
        }
    }

    /**
     * Issue 14, item 7, tried for real as the role rather than read from the catalog: every kind of DDL, in its own
     * schemas, in public and on the database; reads of tables outside its schemas (another application's schema, a
     * table in public, the catalog's password hashes); any write to Flyway's history. Each is refused by Postgres as
     * insufficient privilege (SQLSTATE 42501); reading the history, as the daemons' start-up check does, works.
     */
    @Test
    void theRoleCanRunNoDdlReadNothingOutsideItsSchemasAndOnlyReadTheFlywayHistory(TestDatabase db)
            throws SQLException {
        this.db = db;
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            s.execute("create schema billing");
            s.execute("create table billing.cards (number text)");
            s.execute("insert into billing.cards values ('4242')");
            s.execute("grant usage on schema billing to public"); // reachable schema, the table still closed
            s.execute("create table public.app_secrets (value text)");
            s.execute("insert into public.app_secrets values ('s3cr3t')");
            RuntimeRole.createOrUpdate(owner, role, "rt-secret");
        }
        List<String> refused = List.of(
                "create table gpu.sneaky (id int)",
                "create table public.sneaky (id int)",
                "create schema sneaky",
                "create view certification.v as select 1",
                "create function public.f() returns int language sql as 'select 1'",
                "create sequence lead_sync.s",
                "create index on lead_sync.leads (email)",
                "alter table certification.ai_models add column x int",
                "alter table gpu.jobs owner to " + role,
                "comment on table gpu.jobs is 'x'",
                "drop table certification.ai_models",
                "truncate lead_sync.leads",
                "create trigger t before insert on gpu.jobs for each row execute function suppress_redundant_updates_trigger()",
                "grant select on billing.cards to " + role,
                "alter role " + role + " createdb",
                "create database sneaky_db",
                "create role sneaky_role",
                "select * from billing.cards",
                "select * from public.app_secrets",
                "select rolpassword from pg_authid",
                "insert into public.flyway_schema_history (installed_rank, description, type, script, installed_by,"
                        + " execution_time, success) values (999, 'x', 'SQL', 'V999__x.sql', 'me', 0, true)",
                "update public.flyway_schema_history set checksum = 0",
                "delete from public.flyway_schema_history",
                "truncate public.flyway_schema_history",
                "drop table public.flyway_schema_history");
        try (Connection rt = DriverManager.getConnection(db.jdbcUrl(), role, "rt-secret")) {
            rt.setAutoCommit(true);
            for (String sql : refused) {
                try (Statement s = rt.createStatement()) {
                    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                            .extracting(e -> ((SQLException) e).getSQLState()).as(sql).isEqualTo("42501");
                }
            }
            try (Statement s = rt.createStatement()) {
                assertThat(RollbackScriptTest.scalar(s, "select count(*) > 0 from public.flyway_schema_history"
                        + " where success")).isEqualTo("t");
                assertThat(RollbackScriptTest.scalar(s, "select count(*) from gpu.jobs")).isEqualTo("0");
            }
        }
    }

    @Test
    void theAuditNamesEveryPrivilegeBeyondTheRuntimeRoles(TestDatabase db) throws SQLException {
        this.db = db;
        try (Connection owner = db.connect(); Statement s = owner.createStatement()) {
            RuntimeRole.createOrUpdate(owner, role, null);
            s.execute("grant truncate on lead_sync.leads to " + role);
            s.execute("grant create on schema gpu to " + role);
            s.execute("grant insert on public.flyway_schema_history to " + role);
            List<Finding> failed = RoleAudit.audit(owner, role).stream().filter(f -> !f.ok()).toList();
            assertThat(failed).extracting(Finding::detail).containsExactlyInAnyOrder(
                    "has TRUNCATE on lead_sync.leads", "may CREATE in schema gpu", "may write it");
        }
    }
}
