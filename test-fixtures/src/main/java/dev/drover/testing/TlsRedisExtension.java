package dev.drover.testing;

import dev.drover.testing.redis.RedisServerProcess;
import dev.drover.testing.redis.TlsAclRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link TlsAclRedis} (TLS-only server, private CA, ACL user), one per test class.
 * Tests skip, with the reason, when the redis-server in use has no TLS or when tests run against external servers.
 */
public final class TlsRedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TlsRedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == TlsAclRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        Assumptions.assumeFalse(SharedRedis.isExternal(), "TLS tests start their own server; skipped against an "
                + "external Redis");
        ExtensionContext root = ctx.getRoot();
        Holder h = root.getStore(NS).getOrComputeIfAbsent("tls", k -> Holder.start(), Holder.class);
        Assumptions.assumeTrue(h.server != null, () -> "skipped: " + h.unsupported);
        return h.server;
    }

    private record Holder(TlsAclRedis server, String unsupported) implements AutoCloseable {
        static Holder start() {
            try {
                return new Holder(TlsAclRedis.start(), null);
            } catch (RedisServerProcess.TlsUnsupportedException e) {
                return new Holder(null, e.getMessage());
            }
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
