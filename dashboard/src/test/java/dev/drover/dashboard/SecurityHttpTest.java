package dev.drover.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.dashboard.web.Credentials;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Authentication, CSRF, read-only mode, escaping and secrets, checked with a plain HTTP client. */
@ExtendWith(RedisExtension.class)
class SecurityHttpTest {

    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static QueueOptions options(TestRedis redis) {
        return QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    @Test
    void withCredentialsEveryRequestNeedsTheTokenOrThePassword(TestRedis redis) {
        DashboardConfig config = DashboardConfig.of(options(redis))
                .withCredentials(new Credentials(TOKEN, "ops", PASSWORD));
        try (DashboardServer server = DashboardServer.start(config, "127.0.0.1", 0)) {
            Http http = new Http(server.url());
            HttpResponse<String> anonymous = http.get("/");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Basic"));
            assertThat(http.get("/assets/dashboard.js").statusCode()).isEqualTo(401);
            assertThat(http.get("/", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(http.get("/", "Authorization", Http.basic("ops", "wrong")).statusCode()).isEqualTo(401);
            assertThat(http.get("/", "Authorization", Http.basic("admin", PASSWORD)).statusCode()).isEqualTo(401);
            assertThat(http.get("/", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(http.get("/", "Authorization", Http.basic("ops", PASSWORD)).statusCode()).isEqualTo(200);
            assertThat(http.get("/", "Authorization", Http.basic("anyone", TOKEN)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onAnAddressBeyondLoopbackItRefusesToStartWithoutCredentials(TestRedis redis) {
        DashboardConfig open = DashboardConfig.of(options(redis));
        assertThatThrownBy(() -> DashboardServer.start(open, "0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DASHBOARD_TOKEN");
        try (DashboardServer server = DashboardServer.start(open.withCredentials(new Credentials(TOKEN, null, null)),
                "0.0.0.0", 0)) {
            Http http = new Http(java.net.URI.create("http://127.0.0.1:" + server.url().getPort() + "/"));
            assertThat(http.get("/").statusCode()).isEqualTo(401);
            assertThat(http.get("/", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        }
        try (DashboardServer server = DashboardServer.start(open, "localhost", 0)) {
            assertThat(new Http(server.url()).get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anActionNeedsTheCsrfTokenOfAPageAndASameOriginRequest(TestRedis redis) {
        try (Queue q = new Queue("mail", options(redis));
             DashboardServer server = DashboardServer.start(DashboardConfig.of(options(redis)), "127.0.0.1", 0)) {
            q.add("welcome", Map.of());
            Http http = new Http(server.url());
            String[] csrf = http.csrf("/queue?name=mail");
            Map<String, String> pause = Map.of("queue", "mail", "_csrf", csrf[1]);

            assertThat(http.post("/action/pause", pause).statusCode()).as("no cookie").isEqualTo(403);
            assertThat(http.post("/action/pause", Map.of("queue", "mail"), "Cookie", csrf[0]).statusCode())
                    .as("no field").isEqualTo(403);
            assertThat(http.post("/action/pause", Map.of("queue", "mail", "_csrf", "x" + csrf[1]), "Cookie", csrf[0])
                    .statusCode()).as("wrong field").isEqualTo(403);
            assertThat(http.post("/action/pause", pause, "Cookie", csrf[0], "Origin", "http://evil.example")
                    .statusCode()).as("cross-site").isEqualTo(403);
            assertThat(http.get("/action/pause?queue=mail").statusCode()).as("GET never acts").isEqualTo(405);
            assertThat(q.isPaused()).isFalse();

            HttpResponse<String> ok = http.post("/action/pause", pause, "Cookie", csrf[0],
                    "Origin", "http://" + server.url().getHost() + ":" + server.url().getPort());
            assertThat(ok.statusCode()).isEqualTo(303);
            assertThat(ok.headers().firstValue("Location")).hasValue("/queue?name=mail");
            assertThat(q.isPaused()).isTrue();
        }
    }

    @Test
    void readOnlyHidesEveryActionAndRefusesItWith403(TestRedis redis) {
        try (Queue q = new Queue("mail", options(redis));
             DashboardServer server = DashboardServer.start(DashboardConfig.of(options(redis)).withReadOnly(true),
                     "127.0.0.1", 0)) {
            String id = q.add("welcome", Map.of());
            Http http = new Http(server.url());
            String queuePage = http.get("/queue?name=mail").body();
            String jobPage = http.get("/job?queue=mail&id=" + id).body();
            assertThat(queuePage).contains("read-only").doesNotContain("/action/");
            assertThat(jobPage).doesNotContain("/action/");
            // a read-only page has no forms; a matching cookie and field pass the CSRF check, so only read-only refuses
            String[] csrf = {"drover_csrf=abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz"};
            for (String verb : List.of("retry", "retry-all", "promote", "promote-all", "remove", "clean", "drain",
                    "pause", "resume", "remove-scheduler", "add", "obliterate")) {
                HttpResponse<String> r = http.post("/action/" + verb, Map.of("queue", "mail", "id", id, "state",
                        "waiting", "grace", "0", "jobName", "x", "confirm", "mail", "scheduler", "s", "_csrf", csrf[1]),
                        "Cookie", csrf[0]);
                assertThat(r.statusCode()).as(verb).isEqualTo(403);
                assertThat(r.body()).as(verb).contains("read-only");
            }
            assertThat(q.getJobCounts().get(JobState.WAITING)).isEqualTo(1);
            assertThat(q.isPaused()).isFalse();
        }
    }

    @Test
    void whateverAJobHoldsIsEscapedAndNoSecretIsEverSent(TestRedis redis) {
        String redisPassword = "redis-" + UUID.randomUUID();
        String user = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        String apiKey = "sk-live-" + UUID.randomUUID();
        try (Jedis admin = redis.jedis()) {
            admin.aclSetUser(user, "on", ">" + redisPassword, "~*", "&*", "+@all");
        }
        String url = redis.url().replace("redis://", "redis://" + user + ":" + redisPassword + "@");
        QueueOptions withPassword = QueueOptions.builder().redisUrl(url).prefix(redis.prefix()).build();
        DashboardConfig config = DashboardConfig.of(withPassword).withSecrets(Set.of(apiKey));
        try (Queue q = new Queue("mail<b>", withPassword);
             DashboardServer server = DashboardServer.start(config, "127.0.0.1", 0)) {
            String id = q.add("<script>alert('name')</script>", Map.of("html", "<img src=x onerror=alert(1)>",
                    "leaked", apiKey + " and " + redisPassword));
            q.getJob(id).orElseThrow().log("<iframe src=javascript:alert(2)>");
            Http http = new Http(server.url());
            List<String> bodies = List.of(http.get("/").body(), http.get("/queue?name=mail%3Cb%3E").body(),
                    http.get("/job?queue=mail%3Cb%3E&id=" + id).body(), http.get("/job?queue=nope&id=" + apiKey).body());
            for (String body : bodies) {
                assertThat(body).doesNotContain("<script>alert", "<img src=x", "<iframe", "mail<b>", redisPassword,
                        apiKey);
            }
            assertThat(bodies.get(2)).contains("&lt;script&gt;alert(", "&lt;img src=x onerror=alert(1)&gt;",
                    "[redacted] and [redacted]");
            assertThat(bodies.get(0)).contains("mail&lt;b&gt;");
        } finally {
            try (Jedis admin = redis.jedis()) {
                admin.aclDelUser(user);
            }
        }
    }
}
