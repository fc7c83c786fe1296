package dev.drover.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A host application mounts {@link DashboardServlet} under its own context and path, next to its own servlets, as
 * it would in Spring Boot or Tomcat: pages, links, assets, actions and the live stream all work under the mount.
 */
@ExtendWith(RedisExtension.class)
class EmbeddingTest {

    /** The host's own servlet. */
    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("host app");
        }
    }

    @Test
    void mountedUnderAHostsPathEverythingWorksThere(TestRedis redis) throws Exception {
        QueueOptions options = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        Server host = new Server();
        ServerConnector connector = new ServerConnector(host);
        connector.setHost("127.0.0.1");
        host.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/admin");
        context.addServlet(new ServletHolder(new Hello()), "/hello");
        ServletHolder dashboard = new ServletHolder(new DashboardServlet(DashboardConfig.of(options)));
        dashboard.setAsyncSupported(true);
        context.addServlet(dashboard, "/queues/*");
        host.setHandler(context);
        host.start();
        try (Queue q = new Queue("mail", options)) {
            q.add("welcome", Map.of());
            URI root = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            Http http = new Http(root);
            assertThat(http.get("/admin/hello").body()).isEqualTo("host app");

            HttpResponse<String> page = http.get("/admin/queues/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("href=\"/admin/queues/queue?name=mail\"",
                    "src=\"/admin/queues/assets/htmx.min.js\"", "sse-connect=\"/admin/queues/events\"");
            assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Path=/admin/queues"));
            for (String asset : new String[] {"dashboard.js", "dashboard.css", "htmx.min.js", "sse.js", "chart.umd.min.js"}) {
                assertThat(http.get("/admin/queues/assets/" + asset).statusCode()).as(asset).isEqualTo(200);
            }

            String[] csrf = http.csrf("/admin/queues/queue?name=mail");
            HttpResponse<String> paused = http.post("/admin/queues/action/pause", Map.of("queue", "mail", "_csrf", csrf[1]),
                    "Cookie", csrf[0]);
            assertThat(paused.statusCode()).isEqualTo(303);
            assertThat(paused.headers().firstValue("Location")).hasValue("/admin/queues/queue?name=mail");
            assertThat(q.isPaused()).isTrue();

            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    root.resolve("/admin/queues/events?queue=mail")).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = stream.body()) {
                assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("text/event-stream"));
                assertThat(new String(in.readNBytes("retry: 2000".length()), StandardCharsets.UTF_8)).isEqualTo("retry: 2000");
            }
        } finally {
            host.stop();
        }
    }
}
