package dev.drover.testing;

import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects replicated Redis fixtures, one of each kind per test JVM (started on first use,
 * shut down at the end; tests isolate themselves by hash-tagged key prefix, and a failover leaves the fixture
 * healthy for the next test): a {@link LocalRedisCluster} (three masters, one replica each) and a
 * {@link LocalRedisSentinel} (master, replica, three sentinels). Skipped when tests run against external servers.
 */
public final class RedisClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        Class<?> type = p.getParameter().getType();
        return type == LocalRedisCluster.class || type == LocalRedisSentinel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        Assumptions.assumeFalse(SharedRedis.isExternal(), "cluster and sentinel tests start their own servers; "
                + "skipped against an external Redis");
        Class<?> type = p.getParameter().getType();
        return ctx.getRoot().getStore(NS).getOrComputeIfAbsent(type, k -> new Holder(type == LocalRedisCluster.class
                ? LocalRedisCluster.start(1) : LocalRedisSentinel.start()), Holder.class).fixture;
    }

    private record Holder(AutoCloseable fixture) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            fixture.close();
        }
    }
}
