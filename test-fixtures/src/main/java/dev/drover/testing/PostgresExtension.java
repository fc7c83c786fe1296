package dev.drover.testing;

import dev.drover.testing.postgres.MigratedTemplate;
import dev.drover.testing.postgres.PostgresServer;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link TestDatabase}: a fresh database per test, copied from a template that
 * every Flyway migration on the classpath was applied to once per JVM (or empty, with {@link EmptyDatabase}), and
 * dropped after the test.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        boolean empty = p.isAnnotated(EmptyDatabase.class);
        String key = empty ? "empty-db" : "db";
        return ctx.getStore(NS).getOrComputeIfAbsent(key, k -> create(empty), Handle.class).db;
    }

    private static Handle create(boolean empty) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (empty) {
            MigratedTemplate.createEmpty(name);
        } else {
            MigratedTemplate.copyTo(name);
        }
        return new Handle(new TestDatabase(PostgresServer.shared(), name));
    }

    /** Drops the test's database when JUnit closes the store. */
    private record Handle(TestDatabase db) implements AutoCloseable {
        @Override
        public void close() {
            MigratedTemplate.drop(db.name());
        }
    }
}
