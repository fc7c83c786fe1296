package dev.drover.daemon;

import dev.drover.queue.RedisConfig;
import java.nio.file.Path;

/**
 * Turns {@code REDIS_URL} and {@code REDIS_TLS_CA} into a {@link RedisConfig}, the same way for every daemon and
 * operator command. Errors are {@link StartupException#badConfig} naming the variable; they quote the URL only with
 * its passwords replaced ({@link RedisConfig#fromUrl} never echoes them).
 */
public final class RedisSettings {

    private RedisSettings() {
    }

    /**
     * @param url       {@code REDIS_URL} (any form of {@link RedisConfig#fromUrl}); required
     * @param tlsCaFile {@code REDIS_TLS_CA}: a PEM file of the CA(s) to trust for TLS instead of the JVM's trust
     *                  store; null or blank for none
     */
    public static RedisConfig parse(String url, String tlsCaFile) {
        if (url == null || url.isBlank()) {
            throw StartupException.badConfig("missing required configuration: REDIS_URL (or --redis-url)");
        }
        RedisConfig config;
        try {
            config = RedisConfig.fromUrl(url);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("REDIS_URL (--redis-url) is not a valid Redis URL: " + e.getMessage());
        }
        if (tlsCaFile == null || tlsCaFile.isBlank()) {
            return config;
        }
        try {
            return config.withTlsCaFile(Path.of(tlsCaFile));
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("REDIS_TLS_CA (--redis-tls-ca): " + e.getMessage());
        }
    }
}
