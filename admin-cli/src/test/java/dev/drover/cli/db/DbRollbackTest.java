package dev.drover.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.cli.Cli;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

/** {@code drover db rollback --to V1}: seed 002's rollback, its refusals and its confirmation. */
@ExtendWith(PostgresExtension.class)
class DbRollbackTest {

    /** The migrations above V2, which have no rollback script: {@code V3, V4, ...}. */
    private static final String ABOVE_V2 = JarMigrations.versions().stream().filter(v -> v >= 3).map(v -> "V" + v).collect(java.util.stream.Collectors.joining(", "));


    @Test
    void refusesWhileLaterMigrationsAreAppliedThenKeepsThemWhenToldAndRollsForwardOutOfOrder(
            @EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            cli.run("migrate", "--target", "1");
            cli.sql("insert into certification.ai_models (id, name, provider) values ('m1', 'M1', 'meta')",
                    "insert into certification.model_certifications (id, model_id, status, passed, score, rating)"
                            + " values ('00000000-0000-0000-0000-000000000001', 'm1', 'certified', true, 91.5, 'A')");
            cli.run("migrate");

            Cli.Result refused = cli.run("rollback", "--to", "V1", "--yes");
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains(ABOVE_V2 + " applied above V1 have no rollback script",
                    "pass --keep-later to undo only V2", "drover db migrate --out-of-order");
            assertThat(cli.scalar("select to_regclass('certification.certification_jobs') is not null")).isEqualTo("t");

            Cli.Result rolledBack = cli.run("rollback", "--to", "1", "--keep-later", "--yes");
            assertThat(rolledBack.code()).as(rolledBack.toString()).isZero();
            assertThat(rolledBack.out()).contains("rolled back V2", "V2 of this jar is not applied",
                    "drover db migrate --out-of-order");
            assertThat(cli.scalar("select rating from certification.model_certifications where model_id = 'm1'"))
                    .isEqualTo("A");
            assertThat(cli.scalar("select to_regclass('certification.certification_jobs') is null")).isEqualTo("t");

            Cli.Result info = cli.run("info", "--json");
            assertThat(info.code()).isEqualTo(1);
            assertThat(info.json().path("status").asText()).isEqualTo("out-of-order");
            Cli.Result plain = cli.run("migrate");
            assertThat(plain.code()).isEqualTo(1);
            assertThat(plain.err()).contains("pass --out-of-order to apply V2");
            Cli.Result again = cli.run("rollback", "--to", "1", "--keep-later", "--yes");
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("nothing to roll back to V1");

            Cli.Result forward = cli.run("migrate", "--out-of-order");
            assertThat(forward.code()).as(forward.toString()).isZero();
            assertThat(forward.out()).contains("applied V2 certification regional");
            assertThat(cli.run("info", "--json").json().path("status").asText()).isEqualTo("current");
            assertThat(cli.scalar("select rating from certification.model_certifications_legacy")).isEqualTo("A");
        }
    }

    @Test
    void withNothingLaterAppliedAPlainMigrateAppliesV2Again(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            cli.run("migrate", "--target", "2");
            Cli.Result r = cli.run("rollback", "--to", "1", "--yes", "--json");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.json().path("undone").get(0).asText()).isEqualTo("2");
            assertThat(r.json().path("status").asText()).isEqualTo("pending");
            assertThat(cli.run("migrate", "--target", "2").out()).contains("applied V2");
        }
    }

    @Test
    void asksOnATerminalAndNeedsYesWithoutOne(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result noTerminal = cli.run("rollback", "--to", "1", "--keep-later");
            assertThat(noTerminal.code()).isEqualTo(1);
            assertThat(noTerminal.err()).contains("without confirmation: pass --yes");

            Cli.Result wrong = cli.interactive("nope\n", "rollback", "--to", "1", "--keep-later");
            assertThat(wrong.code()).isEqualTo(1);
            assertThat(wrong.err()).contains("This undoes V2", "certification.certification_jobs: 0 row(s) dropped",
                    "kept applied: " + ABOVE_V2, "Type the database name (" + db.name() + ")", "not confirmed");
            assertThat(cli.scalar("select to_regclass('certification.certification_jobs') is not null")).isEqualTo("t");

            Cli.Result typed = cli.interactive(db.name() + "\n", "rollback", "--to", "1", "--keep-later");
            assertThat(typed.code()).as(typed.toString()).isZero();
            assertThat(cli.scalar("select to_regclass('certification.certification_jobs') is null")).isEqualTo("t");
        }
    }
}
