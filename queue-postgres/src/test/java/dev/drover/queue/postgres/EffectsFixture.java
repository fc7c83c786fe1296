package dev.drover.queue.postgres;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * One test's Redis prefix and database, a connection pool on it, and the tables the tests' jobs write to:
 * {@code effects} (one row per time a job's work committed: the property "exactly once" counts them) and
 * {@code followup_runs} (one row per run of a job enqueued through the outbox).
 */
final class EffectsFixture implements AutoCloseable {

    final TestRedis redis;
    final TestDatabase db;
    final QueueOptions queueOptions;
    final Database database;
    private final List<AutoCloseable> closing = new ArrayList<>();

    EffectsFixture(TestRedis redis, TestDatabase db) {
        this(redis, db, 12);
    }

    EffectsFixture(TestRedis redis, TestDatabase db, int poolSize) {
        this.redis = redis;
        this.db = db;
        this.queueOptions = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        createTables(db);
        this.database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "effects-test", poolSize);
    }

    static void createTables(TestDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create table if not exists public.effects (job_id text not null, lock_token text not null,"
                    + " attempt int not null, committed_by text)");
            s.execute("create table if not exists public.followup_runs (job_id text not null, parent text)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    DSLContext dsl() {
        return database.dsl();
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    long count(String sql, Object... binds) {
        return dsl().fetchValue(sql, binds) instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public void close() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // closing what a test left open; the test's own assertions already ran
            }
        }
        database.close();
    }
}
