package dev.drover.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.Cli;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.postgres.OtherHistories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

/**
 * {@code drover db info} and {@code validate} on every kind of history: empty, current, edited, another
 * application's, newer than the jar. Commands that would change such a database refuse it.
 */
@ExtendWith(PostgresExtension.class)
class DbInfoValidateTest {

    private static final int LATEST = JarMigrations.latest();
    private static final int NEWER = OtherHistories.newerVersion();


    @Test
    void anEmptyDatabaseIsPendingAndAMigratedOneMatches(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result empty = cli.run("info");
            assertThat(empty.code()).as(empty.toString()).isZero();
            assertThat(empty.out()).contains("has no migration applied, older than this jar (version " + LATEST
                    + "): pending V1, V2, V3, V4, V5", "run `drover db migrate`");
            assertThat(cli.run("validate").code()).as("pending is no drift").isZero();

            cli.run("migrate");
            Cli.Result info = cli.run("info", "--json");
            assertThat(info.code()).as(info.toString()).isZero();
            JsonNode json = info.json();
            assertThat(json.path("status").asText()).isEqualTo("current");
            assertThat(json.path("matches").asBoolean()).isTrue();
            assertThat(json.path("version").asText()).isEqualTo(String.valueOf(LATEST));
            assertThat(json.path("jarVersion").asText()).isEqualTo(String.valueOf(LATEST));
            assertThat(json.path("migrations")).hasSize(JarMigrations.versions().size())
                    .allSatisfy(m -> assertThat(m.path("state").asText()).isEqualTo("applied"));
            assertThat(json.path("migrations").get(0).path("installedBy").asText()).isEqualTo(db.user());

            Cli.Result human = cli.run("info");
            assertThat(human.out()).contains("VERSION", "certification initial", "applied");
            Cli.Result valid = cli.run("validate");
            assertThat(valid.code()).isZero();
            assertThat(valid.out()).startsWith("valid: ");
        }
    }

    @Test
    void anEditedMigrationIsDriftWithTheReason(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            cli.sql("update flyway_schema_history set checksum = checksum + 1 where version = '3'");
            Cli.Result r = cli.run("validate");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("invalid:", "V3 'lead sync' was edited after it was applied",
                    "drover db validate");
            assertThat(cli.run("validate", "--json").json().path("valid").asBoolean()).isFalse();
            assertThat(cli.run("info").code()).isEqualTo(1);
            Cli.Result migrate = cli.run("migrate");
            assertThat(migrate.code()).isEqualTo(1);
            assertThat(migrate.err()).contains("not migrating", "was edited");
        }
    }

    @Test
    void anotherApplicationsHistoryIsRecognisedAndLeftAlone(@EmptyDatabase TestDatabase db) {
        OtherHistories.foreignApplication(db.dataSource());
        try (DbCli cli = new DbCli(db)) {
            Cli.Result info = cli.run("info", "--json");
            assertThat(info.code()).as(info.toString()).isEqualTo(1);
            assertThat(info.json().path("status").asText()).as(info.out()).isEqualTo("foreign");
            assertThat(info.json().path("summary").asText())
                    .contains("flyway_schema_history of another application: none of its 2 migration(s)");

            Cli.Result validate = cli.run("validate");
            assertThat(validate.code()).isEqualTo(1);
            assertThat(validate.out()).contains("V1 is 'create users' in the database but 'certification initial' in this jar",
                    "a database of its own");
            for (String[] cmd : new String[][] {{"migrate"}, {"rollback", "--to", "1", "--yes"}}) {
                Cli.Result r = cli.run(cmd);
                assertThat(r.code()).as(r.toString()).isEqualTo(1);
                assertThat(r.err()).contains("another application");
            }
            assertThat(cli.scalar("select count(*) from flyway_schema_history")).isEqualTo("2");
            assertThat(cli.scalar("select to_regnamespace('certification') is null")).isEqualTo("t");
        }
    }

    @Test
    void aSchemaNewerThanThisJarIsReportedAndNotTouched(@EmptyDatabase TestDatabase db) {
        OtherHistories.newerDrover(db.dataSource());
        try (DbCli cli = new DbCli(db)) {
            Cli.Result info = cli.run("info");
            assertThat(info.code()).as(info.toString()).isEqualTo(1);
            assertThat(info.out()).contains("is at version " + NEWER + ", newer than this jar (version " + LATEST + ")",
                    "newer than this jar", "run a release of Drover that includes V" + NEWER);
            assertThat(cli.run("validate").code()).isEqualTo(1);
            Cli.Result migrate = cli.run("migrate");
            assertThat(migrate.code()).isEqualTo(1);
            assertThat(migrate.err()).contains("newer than this jar");
        }
    }
}
