package dev.drover.testing;

import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects replicated Redis fixtures, one of each kind per test class, shut down after the
 * class: a {@link LocalRedisCluster} (three masters, one replica each) and a {@link LocalRedisSentinel} (master,
 * replica, three sentinels). Skipped when tests run against external servers.
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
        ExtensionContext classCtx = ctx.getTestClass().isPresent() ? classContext(ctx) : ctx;
        Class<?> type = p.getParameter().getType();
        return classCtx.getStore(NS).getOrComputeIfAbsent(type, k -> new Holder(type == LocalRedisCluster.class
                ? LocalRedisCluster.start(1) : LocalRedisSentinel.start()), Holder.class).fixture;
    }

    private static ExtensionContext classContext(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private record Holder(AutoCloseable fixture) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            fixture.close();
        }
    }
}
