package dev.drover.testing;

import dev.drover.testing.redis.RedisServerProcess;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * JUnit 5 extension that injects a {@link TestRedis}: a real Redis server and a key prefix unique to the test.
 *
 * <p>Tests share one server per JVM (see {@link SharedRedis}) and are isolated by prefix; their keys are removed
 * after each test. Tests annotated {@link DedicatedRedisServer} get a server of their own, killed afterwards.
 */
public final class RedisExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        return ctx.getStore(NS).getOrComputeIfAbsent("redis", k -> create(ctx), TestRedis.class);
    }

    private static TestRedis create(ExtensionContext ctx) {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        Optional<DedicatedRedisServer> dedicated = findDedicated(ctx);
        if (dedicated.isPresent()) {
            org.junit.jupiter.api.Assumptions.assumeFalse(SharedRedis.isExternal(),
                    "fault tests need a server of their own; skipped against an external Redis");
            RedisServerProcess server = RedisServerProcess.start(dedicated.get().aof());
            ctx.getStore(NS).put("server", (AutoCloseable) server::close);
            return new TestRedis("redis://127.0.0.1:" + server.port(), prefix, server);
        }
        return new TestRedis(SharedRedis.url(), prefix, null);
    }

    private static Optional<DedicatedRedisServer> findDedicated(ExtensionContext ctx) {
        Optional<DedicatedRedisServer> onMethod = ctx.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, DedicatedRedisServer.class));
        return onMethod.isPresent() ? onMethod
                : ctx.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, DedicatedRedisServer.class));
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        TestRedis redis = ctx.getStore(NS).get("redis", TestRedis.class);
        if (redis != null && redis.control() == null) {
            deleteKeys(redis);
        }
    }

    private static void deleteKeys(TestRedis redis) {
        try (Jedis j = redis.jedis()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(redis.prefix() + ":*").count(1000);
            do {
                ScanResult<String> page = j.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    j.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }
}
