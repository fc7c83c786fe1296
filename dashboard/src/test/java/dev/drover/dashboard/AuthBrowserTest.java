package dev.drover.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.dashboard.web.Credentials;
import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.SharedRedis;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Authentication and CSRF as a browser meets them: no page without the password, pages and the live stream with it,
 * and a form on another site that posts an action refused even by an open loopback dashboard the browser has used.
 */
class AuthBrowserTest {

    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aBrowserSeesNothingWithoutThePasswordAndEverythingLiveWithIt() {
        String password = "pw-" + UUID.randomUUID();
        QueueOptions options = QueueOptions.builder().redisUrl(SharedRedis.url())
                .prefix("auth" + UUID.randomUUID().toString().substring(0, 8)).build();
        DashboardConfig config = DashboardConfig.of(options).withCredentials(new Credentials(null, "ops", password));
        try (Queue q = new Queue("guarded", options);
             DashboardServer server = DashboardServer.start(config, "127.0.0.1", 0)) {
            q.add("later", Map.of(), JobOptions.builder().delay(3_600_000).build());
            String root = server.url().toString();

            browser.open(root);
            assertThat(browser.all("tr[data-queue]")).isEmpty();
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("guarded");

            browser.open(root.replace("http://", "http://ops:" + password + "@"));
            assertThat(browser.text("tr[data-queue='guarded'] .count-delayed")).isEqualTo("1");
            q.add("now", Map.of());
            try (Worker w = new Worker("guarded", job -> null, WorkerOptions.builder().build(), options).start()) {
                browser.awaitText("tr[data-queue='guarded'] .count-completed", "1");
            }

        }
    }

    @Test
    void aFormOnAnotherSiteCannotActEvenOnAnOpenLoopbackDashboard() {
        QueueOptions options = QueueOptions.builder().redisUrl(SharedRedis.url())
                .prefix("csrf" + UUID.randomUUID().toString().substring(0, 8)).build();
        try (Queue q = new Queue("target", options);
             DashboardServer server = DashboardServer.start(DashboardConfig.of(options), "127.0.0.1", 0)) {
            q.add("job", Map.of());
            browser.open(server.url().resolve("/queue?name=target").toString()); // the operator has the cookie
            String attack = "<form method='post' action='" + server.url() + "action/pause'>"
                    + "<input name='queue' value='target'><input name='_csrf' value='guessed-token-guessed-token'>"
                    + "</form><script>document.forms[0].submit()</script>";
            browser.open("data:text/html;charset=utf-8," + URLEncoder.encode(attack, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            assertThat(browser.text("#error-message")).contains("pause refused");
            assertThat(q.isPaused()).isFalse();
        }
    }
}
