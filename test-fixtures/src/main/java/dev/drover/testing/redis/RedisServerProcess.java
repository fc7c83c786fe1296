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
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
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
    private final TlsCertificates tls;
    private Path configFile;
    private Process process;

    private RedisServerProcess(RedisBinary binary, int port, Path dataDir, boolean aof, List<String> extraArgs) {
        this(binary, port, dataDir, aof, extraArgs, null);
    }

    private RedisServerProcess(RedisBinary binary, int port, Path dataDir, boolean aof, List<String> extraArgs,
                               TlsCertificates tls) {
        this.tls = tls;
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
        this.aof = aof;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on a free port. {@code extraArgs} are passed as redis-server options, e.g. "--cluster-enabled", "yes". */
    public static RedisServerProcess start(boolean aof, String... extraArgs) {
        return startOn(FreePort.pick(), aof, extraArgs);
    }

    /** Starts a server on {@code port} (e.g. one whose cluster bus port, port + 10000, is free too). */
    public static RedisServerProcess startOn(int port, boolean aof, String... extraArgs) {
        RedisServerProcess p = new RedisServerProcess(RedisBinary.get(), port, dataDir("drover-redis-"), aof,
                List.of(extraArgs));
        p.start();
        return p;
    }

    /**
     * Starts a Redis Sentinel on a free port: {@code redis-server <file> --sentinel}, the file (written to the
     * sentinel's own directory, where Sentinel rewrites it) holding {@code sentinelConfig}.
     */
    public static RedisServerProcess startSentinel(String sentinelConfig) {
        Path dir = dataDir("drover-sentinel-");
        RedisServerProcess p = new RedisServerProcess(RedisBinary.get(), FreePort.pick(), dir, false,
                List.of("--sentinel"));
        try {
            p.configFile = Files.writeString(dir.resolve("sentinel.conf"), sentinelConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sentinel's config file", e);
        }
        p.start();
        return p;
    }

    private static Path dataDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
    }

    /**
     * Starts a TLS-only server ({@code --port 0}, {@code --tls-port} a free port, client certificates not required)
     * with certificates from {@code tls}; connect with {@code rediss://127.0.0.1:port} trusting
     * {@link TlsCertificates#caCertPem()}. Throws {@link TlsUnsupportedException} when the chosen redis-server was
     * built without TLS (see {@link RedisBinary}, {@code DROVER_REDIS_SERVER}); tests should skip then.
     */
    public static RedisServerProcess startTls(TlsCertificates tls, String... extraArgs) {
        RedisServerProcess p = new RedisServerProcess(RedisBinary.get(), FreePort.pick(), dataDir("drover-redis-tls-"),
                false, List.of(extraArgs), tls);
        p.start();
        return p;
    }

    /** Thrown by {@link #startTls} when the redis-server binary in use has no TLS support compiled in. */
    public static final class TlsUnsupportedException extends IllegalStateException {
        TlsUnsupportedException(String message) {
            super(message);
        }
    }

    /** The certificates of a server from {@link #startTls}, else null. */
    public TlsCertificates tls() {
        return tls;
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(binary.path().toString()));
        if (configFile != null) {
            cmd.add(configFile.toString());
        }
        cmd.addAll(List.of(
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dataDir.toString(),
                "--save", "", "--protected-mode", "no", "--maxmemory-policy", "noeviction",
                "--appendonly", aof ? "yes" : "no", "--appendfsync", "always",
                "--logfile", dataDir.resolve("redis.log").toString()));
        if (tls != null) {
            // The plain listener is off; redis-server takes the last of repeated options.
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", tls.certPem().toString(), "--tls-key-file", tls.keyPem().toString(),
                    "--tls-ca-cert-file", tls.caCertPem().toString(), "--tls-auth-clients", "no"));
        }
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
                failedAtStart();
            }
            try (Jedis j = pingConnection()) {
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

    private Jedis pingConnection() {
        if (tls == null) {
            return new Jedis("127.0.0.1", port, 500);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(tls.clientSocketFactory()).timeoutMillis(500).build());
    }

    private void failedAtStart() {
        String output = "";
        try {
            output = Files.readString(dataDir.resolve("stdout.log"));
        } catch (IOException ignored) {
            // nothing more to say than the exit itself
        }
        // A build without TLS rejects the first tls-* option as a bad directive before opening its log file.
        if (tls != null && output.contains("Bad directive") && output.contains("tls-")) {
            throw new TlsUnsupportedException("redis-server " + binary.version() + " at " + binary.path()
                    + " was built without TLS support; set " + RedisBinary.OVERRIDE_ENV
                    + " to a TLS-enabled redis-server (e.g. Debian's redis-server 6+) to run TLS tests");
        }
        throw new IllegalStateException("redis-server exited at start; see " + dataDir.resolve("redis.log")
                + (output.isBlank() ? "" : " and its output: " + output.strip()));
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
