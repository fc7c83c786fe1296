package dev.drover.testing.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;

/**
 * Locates the {@code redis-server} executable used by tests and the demo: the one on the PATH when it is newer
 * than the binary bundled with embedded-redis, else the bundled one (extracted from its jar once per JVM).
 * {@code DROVER_REDIS_SERVER} overrides the choice: a path, or {@code bundled}.
 */
public record RedisBinary(Path path, String version) {

    /** Names the binary to use instead of choosing: a path, or {@code bundled} for embedded-redis's own. */
    public static final String OVERRIDE_ENV = "DROVER_REDIS_SERVER";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");
    private static volatile RedisBinary chosen;

    /** The binary this JVM uses; chosen once. */
    public static RedisBinary get() {
        RedisBinary b = chosen;
        if (b == null) {
            synchronized (RedisBinary.class) {
                if (chosen == null) {
                    chosen = choose();
                }
                b = chosen;
            }
        }
        return b;
    }

    private static RedisBinary choose() {
        String forced = System.getenv(OVERRIDE_ENV);
        if (forced != null && !forced.isBlank()) {
            return forced.equals("bundled") ? bundled() : at(Path.of(forced));
        }
        RedisBinary bundled = bundled();
        RedisBinary onPath = onPath();
        if (onPath != null && compare(onPath.version, bundled.version) > 0) {
            return onPath;
        }
        return bundled;
    }

    private static RedisBinary bundled() {
        try {
            Path p = ExecutableProvider.newJarResourceProvider().get().toPath();
            p.toFile().setExecutable(true);
            return new RedisBinary(p, versionOf(p));
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the embedded redis-server binary", e);
        }
    }

    private static RedisBinary at(Path binary) {
        try {
            return new RedisBinary(binary, versionOf(binary));
        } catch (IOException e) {
            throw new IllegalStateException(OVERRIDE_ENV + "=" + binary + " is not a usable redis-server", e);
        }
    }

    private static RedisBinary onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                try {
                    return new RedisBinary(candidate, versionOf(candidate));
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static String versionOf(Path binary) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IOException("unrecognised redis-server --version output: " + out.strip());
            }
            return m.group(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking redis-server its version", e);
        } finally {
            p.destroy();
        }
    }

    /** Compares dotted numeric versions. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }
}
