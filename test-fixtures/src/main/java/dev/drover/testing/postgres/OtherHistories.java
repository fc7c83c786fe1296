package dev.drover.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway histories Drover must recognise and refuse, made by real Flyway runs: another application's migrations
 * in the same database, and Drover's migrations plus one from a newer release than the code under test.
 */
public final class OtherHistories {

    private OtherHistories() {
    }

    /** Migrates {@code ds} with an unrelated application's two migrations ({@code public.flyway_schema_history}). */
    public static void foreignApplication(DataSource ds) {
        migrate(ds, null, Map.of(
                "V1__create_users.sql", "CREATE TABLE public.app_users (id bigint PRIMARY KEY, name text NOT NULL);",
                "V2__add_email.sql", "ALTER TABLE public.app_users ADD COLUMN email text;"));
    }

    /**
     * Migrates {@code ds} with every Drover migration on the classpath and one more ({@link #newerVersion()}) that no
     * release of the code has yet.
     */
    public static void newerDrover(DataSource ds) {
        migrate(ds, "classpath:db/migration", Map.of("V" + newerVersion() + "__gpu_future_feature.sql",
                "CREATE TABLE gpu.future_feature (id bigint PRIMARY KEY);"));
    }

    /** The version {@link #newerDrover} applies: one above the newest migration of this build. */
    public static int newerVersion() {
        return JarMigrations.latest() + 1;
    }

    private static void migrate(DataSource ds, String classpathLocation, Map<String, String> files) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("drover-history-");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            String fs = "filesystem:" + dir;
            Flyway.configure().dataSource(ds).defaultSchema("public")
                    .locations(classpathLocation == null ? new String[] {fs} : new String[] {classpathLocation, fs})
                    .load().migrate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
