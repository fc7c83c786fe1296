package dev.drover.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.Cli;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.drover.testing.postgres.JarMigrations;

/** {@code drover db migrate}: applies, is idempotent, takes turns under Flyway's lock, stops at a target. */
@ExtendWith(PostgresExtension.class)
class DbMigrateTest {

    private static final int LATEST = JarMigrations.latest();
    private static final int COUNT = JarMigrations.versions().size();

    @Test
    void migratesAnEmptyDatabasePrintingWhatItAppliedThenFindsNothingToDo(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result first = cli.run("migrate");
            assertThat(first.code()).as(first.toString()).isZero();
            assertThat(first.out()).contains("applied V1 certification initial", "applied V2 certification regional",
                    "applied V5 gpu image batches", "is now at version " + LATEST + " (" + COUNT + " migration(s) applied)");

            Cli.Result again = cli.run("migrate", "--json");
            assertThat(again.code()).as(again.toString()).isZero();
            JsonNode json = again.json();
            assertThat(json.path("applied")).isEmpty();
            assertThat(json.path("from").asText()).isEqualTo(String.valueOf(LATEST));
            assertThat(json.path("to").asText()).isEqualTo(String.valueOf(LATEST));
            assertThat(cli.scalar("select count(*) from public.flyway_schema_history")).isEqualTo(String.valueOf(COUNT));
        }
    }

    @Test
    void twoHostsMigratingAtOnceTakeTurnsAndApplyEachMigrationOnce(@EmptyDatabase TestDatabase db) throws Exception {
        try (DbCli cli = new DbCli(db)) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Cli.Result>> runs = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return cli.run("migrate", "--json");
            })).toList();
            go.countDown();
            int applied = 0;
            for (CompletableFuture<Cli.Result> run : runs) {
                Cli.Result r = run.get(120, TimeUnit.SECONDS);
                assertThat(r.code()).as(r.toString()).isZero();
                applied += r.json().path("applied").size();
                assertThat(r.json().path("to").asText()).isEqualTo(String.valueOf(LATEST));
            }
            assertThat(applied).isEqualTo(COUNT);
            assertThat(cli.scalar("select string_agg(version, ',' order by installed_rank) from flyway_schema_history"
                    + " where success")).isEqualTo(JarMigrations.versions().stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
    }

    @Test
    void stopsAtATargetAndNeverGoesDown(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            Cli.Result to2 = cli.run("migrate", "--target", "V2");
            assertThat(to2.code()).as(to2.toString()).isZero();
            assertThat(to2.out()).contains("applied V2").doesNotContain("applied V3").contains("now at version 2");
            assertThat(cli.run("info").out()).contains("pending " + JarMigrations.versions().stream().filter(v -> v >= 3).map(v -> "V" + v).collect(java.util.stream.Collectors.joining(", ")));

            Cli.Result down = cli.run("migrate", "--target", "1");
            assertThat(down.code()).as(down.toString()).isEqualTo(1);
            assertThat(down.err()).contains("already at V2; migrations only go up");
            Cli.Result unknown = cli.run("migrate", "--target", "9");
            assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
            assertThat(unknown.err()).contains("this jar has no migration V9");
        }
    }

    @Test
    void aRoleThatDoesNotOwnTheDatabaseCannotMigrateAndIsToldWhoCan(@EmptyDatabase TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            String role = cli.newRole();
            cli.sql("create role " + role + " login password 'pw'");
            Cli.Result r = DbCli.as(cli.urlAs(role, "pw"), "migrate");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains(role + " may not migrate", "permission denied",
                    "migrations run as the schema owner").doesNotContain(":pw@");
            assertThat(cli.scalar("select to_regclass('certification.ai_models') is null")).isEqualTo("t");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
