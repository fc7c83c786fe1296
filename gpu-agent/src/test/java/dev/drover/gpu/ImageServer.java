package dev.drover.gpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.drover.testing.redis.TlsCertificates;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * A real HTTP or HTTPS server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) serving what a test sets up per
 * path: images, redirects, endless bodies, silence. Counts the requests each path got and the bytes it sent.
 */
final class ImageServer implements AutoCloseable {

    static final byte[] PNG = encode("png");
    static final byte[] JPEG = encode("jpg");

    private final HttpServer server;
    private final String scheme;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ImageServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static ImageServer http() {
        try {
            return new ImageServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTPS with {@code certs}' server certificate (SANs localhost and 127.0.0.1). */
    static ImageServer https(TlsCertificates certs) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(certs.serverContext()));
            return new ImageServer(s, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code <scheme>://127.0.0.1:<port><path>}. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** The same path under the name {@code localhost}. */
    String localhostUrl(String path) {
        return scheme + "://localhost:" + port() + path;
    }

    ImageServer image(String path, String contentType, byte[] body) {
        return handle(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, body.length);
            write(path, ex.getResponseBody(), body);
        });
    }

    ImageServer redirect(String path, String location) {
        return handle(path, ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
        });
    }

    /** A PNG that claims no length and goes on for {@code total} bytes (chunked). */
    ImageServer endless(String path, long total) {
        return handle(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(path, out, PNG);
            byte[] chunk = new byte[64 * 1024];
            for (long n = PNG.length; n < total; n += chunk.length) {
                write(path, out, chunk);
            }
        });
    }

    /** Says its body is {@code declared} bytes long, then sends a PNG header and stops. */
    ImageServer declaring(String path, long declared) {
        return handle(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, declared);
            write(path, ex.getResponseBody(), PNG);
            ex.getResponseBody().flush();
            closing.await();
        });
    }

    /** Sends the headers, then one byte every {@code everyMillis} until closed. */
    ImageServer dripping(String path, long everyMillis) {
        return handle(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            while (!closing.await(everyMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                write(path, out, new byte[] {0});
                out.flush();
            }
        });
    }

    /** Takes the request and never answers (until closed). */
    ImageServer silent(String path) {
        return handle(path, ex -> closing.await());
    }

    /** Requests {@code path} got. */
    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Requests to {@code path} whose handler has returned (done sending, or the client hung up). */
    int finished(String path) {
        return finished.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Body bytes written to {@code path}'s clients so far. */
    long sent(String path) {
        return sent.getOrDefault(path, new AtomicLong()).get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange ex) throws IOException, InterruptedException;
    }

    private ImageServer handle(String path, Handler h) {
        server.createContext(path, ex -> {
            if (!ex.getRequestURI().getPath().equals(path)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (ex) {
                h.handle(ex);
            } catch (IOException e) {
                // the client hung up: what a refused or cut-off fetch does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
        });
        return this;
    }

    private void write(String path, OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        sent.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(bytes.length);
    }

    private static byte[] encode(String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
