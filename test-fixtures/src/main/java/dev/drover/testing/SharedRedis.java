package dev.drover.testing;

import dev.drover.testing.redis.RedisServerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis server shared by every test of a JVM: {@code DROVER_TEST_REDIS_URL} when set, else an embedded server
 * started on first use and killed when the JVM exits. Tests isolate themselves by key prefix.
 */
public final class SharedRedis {

    /** Environment variable naming an external server to run the tests against instead. */
    public static final String ENV = "DROVER_TEST_REDIS_URL";
    private static final Logger log = LoggerFactory.getLogger(SharedRedis.class);
    private static volatile String url;

    private SharedRedis() {
    }

    /** The shared server's URL, starting it if needed. */
    public static String url() {
        String u = url;
        if (u == null) {
            synchronized (SharedRedis.class) {
                if (url == null) {
                    url = startOrExternal();
                }
                u = url;
            }
        }
        return u;
    }

    /** Whether tests run against an external server (fault tests then skip). */
    public static boolean isExternal() {
        String ext = System.getenv(ENV);
        return ext != null && !ext.isBlank();
    }

    private static String startOrExternal() {
        if (isExternal()) {
            log.info("tests use the external Redis from {}", ENV);
            return System.getenv(ENV);
        }
        RedisServerProcess server = RedisServerProcess.start(false);
        Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-fixture-shutdown"));
        return "redis://127.0.0.1:" + server.port();
    }
}
