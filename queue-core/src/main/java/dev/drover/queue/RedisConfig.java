package dev.drover.queue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where Redis is and how to log in, parsed from a URL: {@code redis://[user:password@]host[:port][/db]} or
 * {@code rediss://} for TLS. A password alone is written {@code redis://:password@host}. {@link #toString()}
 * never shows the password.
 *
 * <p>TLS ({@code rediss://}) always verifies the server: its certificate chain against the trusted CAs and its
 * name (or IP address) against {@link #host()}. The trusted CAs are the JVM's default trust store (so
 * {@code -Djavax.net.ssl.trustStore=...} works), unless {@link #withTlsCaFile} or {@link #withSslSocketFactory}
 * supplies others, e.g. the private CA of a managed Redis.
 *
 * @param sslSocketFactory for {@code rediss://}: the factory making TLS sockets (trusted CAs, client certificate);
 *                         null for the JVM default. Hostname verification applies whatever the factory.
 */
public record RedisConfig(String host, int port, String user, String password, int database, boolean ssl,
                          Duration timeout, SSLSocketFactory sslSocketFactory) {

    public static final int DEFAULT_PORT = 6379;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public RedisConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("redis port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database must be >= 0, got " + database);
        }
    }

    /** A config using the JVM's default TLS settings when {@code ssl}. */
    public RedisConfig(String host, int port, String user, String password, int database, boolean ssl,
                       Duration timeout) {
        this(host, port, user, password, database, ssl, timeout, null);
    }

    /** This config with TLS sockets from {@code factory} (null: the JVM default); only used with {@code rediss://}. */
    public RedisConfig withSslSocketFactory(SSLSocketFactory factory) {
        return new RedisConfig(host, port, user, password, database, ssl, timeout, factory);
    }

    /**
     * This config trusting only the CA certificate(s) in a PEM (or DER) file for {@code rediss://}, instead of the
     * JVM's trust store; the server's name is still checked. Fails with a message naming the file when it holds no
     * readable certificate.
     */
    public RedisConfig withTlsCaFile(Path caCertificates) {
        Objects.requireNonNull(caCertificates, "caCertificates");
        try (InputStream in = Files.newInputStream(caCertificates)) {
            Collection<? extends Certificate> certs =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("redis TLS CA file " + caCertificates + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("redis-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return withSslSocketFactory(context.getSocketFactory());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read redis TLS CA file " + caCertificates + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("redis TLS CA file " + caCertificates
                    + " is not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }

    /** Parses a {@code redis://} or {@code rediss://} URL; fails with a message naming the problem. */
    public static RedisConfig fromUrl(String url) {
        Objects.requireNonNull(url, "redis url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid redis url: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("redis url must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("redis url has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new RedisConfig(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), user, password,
                database(uri.getPath()), "rediss".equals(scheme), DEFAULT_TIMEOUT);
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis url database must be a number, got " + path.substring(1));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + (user != null ? user + "@" : "") + host + ":" + port + "/" + database;
    }
}
