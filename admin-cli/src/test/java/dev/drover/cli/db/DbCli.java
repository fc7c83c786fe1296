package dev.drover.cli.db;

import dev.drover.cli.Cli;
import dev.drover.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code drover db ...} in-process against one test database: as its owner ({@link #run}), as another role
 * ({@link #as}), and with roles of its own that {@link #close()} drops again (roles are cluster-wide).
 */
final class DbCli implements AutoCloseable {

    private final TestDatabase db;
    private final List<String> roles = new ArrayList<>();

    DbCli(TestDatabase db) {
        this.db = db;
    }

    /** {@code drover db ARGS} with {@code DATABASE_URL} = the owner's URL. */
    Cli.Result run(String... args) {
        return runWith(Map.of(), args);
    }

    /** As {@link #run} with extra environment variables. */
    Cli.Result runWith(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("DATABASE_URL", db.url());
        return new Cli(null, null).raw(all, withDb(args));
    }

    /** {@code drover db ARGS} with {@code DATABASE_URL} = {@code url}. */
    static Cli.Result as(String url, String... args) {
        return new Cli(null, null).raw(Map.of("DATABASE_URL", url), withDb(args));
    }

    /** As {@link #run} on a terminal that types {@code answer}. */
    Cli.Result interactive(String answer, String... args) {
        return new Cli(null, null).interactive(answer).raw(Map.of("DATABASE_URL", db.url()), withDb(args));
    }

    /** A fresh role name, dropped at {@link #close()}. */
    String newRole() {
        String name = "rt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        roles.add(name);
        return name;
    }

    /** {@code postgres://role:password@host:port/db} of this database. */
    String urlAs(String role, String password) {
        return "postgres://" + role + ":" + password + "@" + db.server().host() + ":" + db.server().port() + "/"
                + db.name();
    }

    /** Runs SQL as the owner. */
    void sql(String... statements) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text. */
    String scalar(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String role : roles) {
            if ("1".equals(scalar("select 1 from pg_roles where rolname = '" + role + "'"))) {
                sql("drop owned by " + role, "drop role " + role);
            }
        }
    }

    private static String[] withDb(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "db";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
