package dev.drover.testing.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A template database migrated once per JVM with every Flyway migration on the classpath
 * ({@code classpath:db/migration}); each test database is a cheap copy of it ({@code CREATE DATABASE ... TEMPLATE}).
 */
public final class MigratedTemplate {

    private static final Logger log = LoggerFactory.getLogger(MigratedTemplate.class);
    private static volatile String name;

    private MigratedTemplate() {
    }

    /** The template's name on {@link PostgresServer#shared()}, migrating it on first use. */
    public static String name() {
        String n = name;
        if (n == null) {
            synchronized (MigratedTemplate.class) {
                if (name == null) {
                    name = create(PostgresServer.shared());
                }
                n = name;
            }
        }
        return n;
    }

    private static String create(PostgresServer server) {
        String db = "drover_tpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE DATABASE " + db);
        var result = Flyway.configure()
                .dataSource(server.jdbcUrl(db), server.user(), server.password())
                .locations("classpath:db/migration")
                .failOnMissingLocations(false)
                .load()
                .migrate();
        log.info("template database {} migrated to version {}", db, result.targetSchemaVersion);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(server, db), "postgres-template-drop"));
        return db;
    }

    /** Creates a new database copied from the template. */
    public static void copyTo(String database) {
        execute(PostgresServer.shared(), "CREATE DATABASE " + database + " TEMPLATE " + name());
    }

    /** Creates a new database with nothing in it. */
    public static void createEmpty(String database) {
        execute(PostgresServer.shared(), "CREATE DATABASE " + database);
    }

    /** Drops a database, closing whatever connections a test left open. */
    public static void drop(String database) {
        execute(PostgresServer.shared(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void dropQuietly(PostgresServer server, String db) {
        try {
            execute(server, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (RuntimeException ignored) {
            // an embedded server may already be gone at JVM exit
        }
    }

    static void execute(PostgresServer server, String sql) {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
