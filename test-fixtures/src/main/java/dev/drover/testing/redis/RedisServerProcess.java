package dev.drover.testing.redis;

import dev.drover.testing.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * One real {@code redis-server} process on 127.0.0.1 and a free port, with its own data directory.
 *
 * <p>It can be stopped, killed with SIGKILL and started again on the same port and data directory, which is what
 * fault tests need. With AOF on ({@code appendfsync always}) a restart after a kill loses no acknowledged write.
 */
public final class RedisServerProcess implements RedisServerControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final RedisBinary binary;
    private final int port;
    private final Path dataDir;
    private final boolean aof;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(RedisBinary binary, int port, Path dataDir, boolean aof, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
        this.aof = aof;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on a free port. {@code extraArgs} are passed as redis-server options, e.g. "--cluster-enabled", "yes". */
    public static RedisServerProcess start(boolean aof, String... extraArgs) {
        try {
            Path dir = Files.createTempDirectory("drover-redis-");
            dir.toFile().deleteOnExit();
            RedisServerProcess p = new RedisServerProcess(RedisBinary.get(), FreePort.pick(), dir, aof, List.of(extraArgs));
            p.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(binary.path().toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dataDir.toString(),
                "--save", "", "--protected-mode", "no", "--maxmemory-policy", "noeviction",
                "--appendonly", aof ? "yes" : "no", "--appendfsync", "always",
                "--logfile", dataDir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary.path(), e);
        }
        awaitPing();
        log.info("redis-server {} ({}) listening on 127.0.0.1:{}", binary.version(), binary.path(), port);
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start; see " + dataDir.resolve("redis.log"));
            }
            try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // loading the AOF or not listening yet
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT);
    }

    @Override
    public synchronized void stop() {
        terminate(false);
    }

    @Override
    public synchronized void kill() {
        terminate(true);
    }

    private void terminate(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The server's data directory (AOF, logs). */
    public Path dataDir() {
        return dataDir;
    }

    /** The redis-server version in use. */
    public String version() {
        return binary.version();
    }

    @Override
    public void close() {
        kill();
    }
}
