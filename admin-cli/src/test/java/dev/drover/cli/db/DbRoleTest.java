package dev.drover.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.Cli;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

/** {@code drover db create-role} and {@code drover db check}: the runtime role, made and proven. */
@ExtendWith(PostgresExtension.class)
class DbRoleTest {

    private static final String PASSWORD = "s3cret 'quoted' pw";

    @Test
    void createsTheRoleThenTheCheckAsThatRolePasses(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            String role = cli.newRole();
            Cli.Result created = cli.runWith(Map.of("RT_PW", PASSWORD), "create-role", role, "--password-env", "RT_PW");
            assertThat(created.code()).as(created.toString()).isZero();
            assertThat(created.out()).contains("created role " + role, "(LOGIN, password from $RT_PW)",
                    "DATABASE_URL=postgres://" + role + ":<password>@").doesNotContain("FAIL").doesNotContain(PASSWORD);

            Cli.Result check = DbCli.as(cli.urlAs(role, "s3cret%20%27quoted%27%20pw"), "check");
            assertThat(check.code()).as(check.toString()).isZero();
            assertThat(check.out()).contains("ok    the schema matches this jar (the daemons' start check): version " + JarMigrations.latest(),
                    "inserts, updates and deletes a row", "DDL is refused", "writing public.flyway_schema_history is "
                    + "refused: permission denied", role + " can do what the daemons need and nothing more");

            Cli.Result again = cli.runWith(Map.of("RT_PW", "another"), "create-role", role, "--password-env", "RT_PW",
                    "--json");
            assertThat(again.code()).as(again.toString()).isZero();
            JsonNode json = again.json();
            assertThat(json.path("created").asBoolean()).isFalse();
            assertThat(json.path("ok").asBoolean()).isTrue();
            assertThat(json.path("checks")).allSatisfy(c -> assertThat(c.path("ok").asBoolean()).isTrue());
            assertThat(DbCli.as(cli.urlAs(role, "another"), "check", "--json").json().path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void theCheckFailsForARoleWithMoreThanTheDaemonsNeed(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result asOwner = cli.run("check");
            assertThat(asOwner.code()).as(asOwner.toString()).isEqualTo(1);
            assertThat(asOwner.out()).contains("FAIL  role " + db.user() + " has no SUPERUSER",
                    "owns (or is a member of the owner of) database " + db.name(), "it was allowed",
                    "is not the least-privilege runtime role");

            String role = cli.newRole();
            assertThat(cli.runWith(Map.of("RT_PW", "pw"), "create-role", role, "--password-env", "RT_PW").code()).isZero();
            cli.sql("grant truncate on gpu.jobs to " + role);
            Cli.Result check = DbCli.as(cli.urlAs(role, "pw"), "check");
            assertThat(check.code()).as(check.toString()).isEqualTo(1);
            assertThat(check.out()).contains("FAIL  has no TRUNCATE, REFERENCES or TRIGGER on any table: has TRUNCATE "
                    + "on gpu.jobs");
        }
    }

    @Test
    void theCheckNamesTheCommandWhenTheSchemaIsBehind(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            String role = cli.newRole();
            cli.runWith(Map.of("RT_PW", "pw"), "create-role", role, "--password-env", "RT_PW");
            cli.sql("delete from flyway_schema_history where version = '" + JarMigrations.latest() + "'");
            Cli.Result check = DbCli.as(cli.urlAs(role, "pw"), "check");
            assertThat(check.code()).as(check.toString()).isEqualTo(1);
            assertThat(check.out()).contains("FAIL  the schema matches this jar", "pending V" + JarMigrations.latest(), "drover db migrate");
        }
    }

    @Test
    void badInputToCreateRoleIsRefusedBeforeAnythingChanges(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result noVar = cli.run("create-role", "drover_runtime", "--password-env", "NOT_SET_ANYWHERE");
            assertThat(noVar.code()).as(noVar.toString()).isEqualTo(2);
            assertThat(noVar.err()).contains("NOT_SET_ANYWHERE (--password-env) is not set or empty");
            Cli.Result badName = cli.runWith(Map.of("RT_PW", "pw"), "create-role", "Robert'); drop", "--password-env", "RT_PW");
            assertThat(badName.code()).as(badName.toString()).isEqualTo(2);
            assertThat(badName.err()).contains("must be a lower-case identifier");

            String role = cli.newRole();
            Cli.Result unmigrated = cli.runWith(Map.of("RT_PW", "pw"), "create-role", role, "--password-env", "RT_PW");
            assertThat(unmigrated.code()).as(unmigrated.toString()).isEqualTo(1);
            assertThat(unmigrated.err()).contains("schema certification does not exist", "drover db migrate");
            assertThat(cli.scalar("select count(*) from pg_roles where rolname = '" + role + "'")).isEqualTo("0");
        }
    }
}
