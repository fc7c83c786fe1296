package dev.drover.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The daemon's HTTP endpoints (JDK server, one virtual thread per request):
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code ok} while the process runs;</li>
 *   <li>{@code GET /health/ready}: 200 when every check passes, else 503; the body lists each check
 *       ({@code redis: ok}, {@code postgres: cannot connect ...}), one per line;</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition from {@code metrics}.</li>
 * </ul>
 */
final class HealthServer implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;

    /**
     * @param readiness check name → null when healthy, else a one-line problem; each check runs per request
     * @param metrics   the Prometheus text, rendered per scrape
     */
    HealthServer(int port, Map<String, Supplier<String>> readiness, Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw StartupException.unreachable("cannot listen on HTTP port " + port + " (HTTP_PORT): "
                    + Backends.rootMessage(e), e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health/live", ex -> reply(ex, 200, "text/plain", "ok\n"));
        server.createContext("/health/ready", ex -> ready(ex, readiness));
        server.createContext("/metrics", ex -> metrics(ex, metrics));
        server.start();
    }

    /** The bound port (useful when configured as 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private static void metrics(HttpExchange ex, Supplier<String> metrics) throws IOException {
        String text;
        try {
            text = metrics.get();
        } catch (RuntimeException e) {
            // the JDK server would drop the connection without a word; say why instead
            log.warn("/metrics failed: {}", e.toString());
            reply(ex, 500, "text/plain", "metrics failed: " + Backends.rootMessage(e) + "\n");
            return;
        }
        reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", text);
    }

    private static void ready(HttpExchange ex, Map<String, Supplier<String>> checks) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean ok = true;
        for (var check : checks.entrySet()) {
            String problem;
            try {
                problem = check.getValue().get();
            } catch (RuntimeException e) {
                problem = Backends.rootMessage(e);
            }
            ok &= problem == null;
            body.append(check.getKey()).append(": ").append(problem == null ? "ok" : problem).append('\n');
        }
        reply(ex, ok ? 200 : 503, "text/plain", body.toString());
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
