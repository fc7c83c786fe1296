package dev.drover.testing;

import dev.drover.testing.redis.LocalRedisCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link LocalRedisCluster} (three masters on free ports), one per test class,
 * shut down after the class. Skipped when tests run against external servers.
 */
public final class RedisClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == LocalRedisCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        Assumptions.assumeFalse(SharedRedis.isExternal(), "cluster tests start their own servers; skipped against an external Redis");
        ExtensionContext classCtx = ctx.getTestClass().isPresent() ? classContext(ctx) : ctx;
        return classCtx.getStore(NS).getOrComputeIfAbsent("cluster", k -> new Holder(LocalRedisCluster.start()), Holder.class).cluster;
    }

    private static ExtensionContext classContext(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private record Holder(LocalRedisCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
