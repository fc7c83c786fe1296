package dev.drover.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.FlowJob;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RepeatSpec;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.SharedRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The queue pages in a real browser over a real Redis with real workers: numbers, live updates, every action with
 * its confirmation and audit line, read-only mode, paging and search, and a flow tree.
 */
class QueuesBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static QueueOptions options;
    private static DashboardServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        options = QueueOptions.builder().redisUrl(SharedRedis.url()).prefix("dash" + UUID.randomUUID().toString()
                .substring(0, 8)).build();
        server = DashboardServer.start(DashboardConfig.of(options), "127.0.0.1", 0);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return server.url().resolve(path).toString();
    }

    /** Completes every job, except those named fail-*, which fail with "it broke". */
    private static Worker worker(String queue) {
        return new Worker(queue, job -> {
            if (job.name().startsWith("fail")) {
                throw new IllegalStateException("it broke");
            }
            return Map.of("done", job.name());
        }, WorkerOptions.builder().concurrency(2).build(), options).start();
    }

    private static String row(String queue) {
        return "tr[data-queue='" + queue + "']";
    }

    @Test
    void theQueuesPageShowsEachQueuesNumbersAndALiveCountChangesWithoutAReload() {
        try (Queue live = new Queue("live", options); Queue other = new Queue("other", options)) {
            live.add("a", Map.of());
            live.add("b", Map.of());
            other.add("later", Map.of(), JobOptions.builder().delay(3_600_000).build());
            other.pause();
            browser.open(url("/"));
            assertThat(browser.text(row("live") + " .count-waiting")).isEqualTo("2");
            assertThat(browser.text(row("live") + " .count-completed")).isEqualTo("0");
            assertThat(browser.text(row("other") + " .count-delayed")).isEqualTo("1");
            assertThat(browser.text(row("other") + " .name")).contains("paused");
            browser.js("window.noReload = 'still the same page';");

            try (Worker w = worker("live")) {
                browser.awaitText(row("live") + " .count-completed", "2");
                browser.awaitText(row("live") + " .count-waiting", "0");
                browser.awaitText(row("live") + " .workers", "1");
            }
            assertThat(browser.js("return window.noReload;")).isEqualTo("still the same page");
            browser.screenshot("queues");
        }
    }

    @Test
    void aQueueCreatedAfterTheQueuesPageOpenedAppearsAndUpdatesWithoutAReload() {
        QueueOptions fresh = options.toBuilder().prefix("new" + UUID.randomUUID().toString().substring(0, 8)).build();
        try (DashboardServer empty = DashboardServer.start(DashboardConfig.of(fresh), "127.0.0.1", 0);
             Queue first = new Queue("first", fresh)) {
            browser.open(empty.url().resolve("/").toString());
            assertThat(browser.text("#queues tr.none")).contains("No queues under this prefix yet");
            browser.js("window.noReload = 'still the same page';");
            first.add("a", Map.of());
            browser.awaitText(row("first") + " .count-waiting", "1");
            assertThat(browser.driver.findElement(By.cssSelector("#queues tr.none")).isDisplayed()).isFalse();
            try (Worker w = new Worker("first", job -> null, WorkerOptions.DEFAULTS, fresh).start()) {
                browser.awaitText(row("first") + " .count-completed", "1");
            }
            assertThat(browser.js("return window.noReload;")).isEqualTo("still the same page");
        }
    }

    @Test
    void everyActionWorksAfterItsConfirmationAndLeavesAnAuditLine() throws IOException {
        try (Queue q = new Queue("acts", options)) {
            String f1 = q.add("fail-1", Map.of());
            q.add("fail-2", Map.of());
            q.add("ok", Map.of());
            try (Worker w = worker("acts")) {
                await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.FAILED) == 2
                        && q.getJobCounts().get(JobState.COMPLETED) == 1);
            }
            String d1 = q.add("later-1", Map.of(), JobOptions.builder().delay(3_600_000).build());
            String d2 = q.add("later-2", Map.of(), JobOptions.builder().delay(3_600_000).build());
            q.upsertJobScheduler("nightly", RepeatSpec.every(Duration.ofHours(1)), null);

            browser.open(url("/queue?name=acts"));
            browser.act("pause", false);
            assertThat(q.isPaused()).as("a dismissed confirmation does nothing").isFalse();
            browser.act("pause", true);
            assertThat(q.isPaused()).isTrue();
            assertThat(browser.text(".states .meta")).contains("paused");
            browser.act("resume", true);
            assertThat(q.isPaused()).isFalse();

            browser.open(url("/job?queue=acts&id=" + f1));
            assertThat(browser.text("#failed-reason")).contains("it broke");
            browser.act("retry", true);
            browser.awaitText("#job-state", "waiting");
            browser.open(url("/queue?name=acts"));
            browser.act("retry-all", true);
            assertThat(q.getJobCounts().get(JobState.FAILED)).isZero();

            browser.open(url("/job?queue=acts&id=" + d1));
            browser.act("promote", true);
            browser.awaitText("#job-state", "waiting");
            browser.open(url("/queue?name=acts"));
            browser.act("promote-all", true);
            assertThat(q.getJobState(d2)).isEqualTo(JobState.WAITING);

            browser.open(url("/job?queue=acts&id=" + d1));
            browser.act("remove", true);
            assertThat(q.getJob(d1)).isEmpty();

            assertThat(browser.text("table.schedulers")).contains("nightly", "every 1h");
            browser.act("remove-scheduler", true);
            assertThat(q.getJobSchedulers()).isEmpty();

            browser.find("select[name='state']");
            browser.driver.findElement(By.cssSelector("input[name='grace']")).clear();
            browser.driver.findElement(By.cssSelector("input[name='grace']")).sendKeys("0");
            browser.act("clean", true);
            assertThat(q.getJobCounts().get(JobState.COMPLETED)).isZero();

            browser.act("drain", true);
            assertThat(q.getJobCounts().get(JobState.WAITING)).isZero();

            browser.find("details.more summary").click();
            browser.find("input[name='jobName']").sendKeys("typed-in");
            WebElement data = browser.find("textarea[name='data']");
            data.clear();
            data.sendKeys("{\"to\": \"ana@example.com\"}");
            browser.act("add", true);
            assertThat(browser.text("#job-data")).contains("ana@example.com");

            browser.open(url("/queue?name=acts"));
            browser.act("pause", true);
            browser.find("details.more summary").click();
            browser.find("input[name='confirm']").sendKeys("acts");
            browser.act("obliterate", true);
            assertThat(q.getJobCounts().values()).containsOnly(0L);
            assertThat(browser.all(row("acts"))).isEmpty();
        }
        String log = Files.readString(Path.of("target", "dashboard-tests.log"));
        for (String action : List.of("pause", "resume", "retry", "retry-all", "promote", "promote-all", "remove",
                "remove-scheduler", "clean", "drain", "add", "obliterate")) {
            assertThat(log).as("audit line of " + action)
                    .containsPattern("action=" + action + " user=\"anonymous\" remote=\"127\\.0\\.0\\.1\" queue=\"acts\".*outcome=\"ok");
        }
    }

    @Test
    void readOnlyShowsNoActionAndRefusesAForgedOne() {
        try (Queue q = new Queue("ro", options);
             DashboardServer readOnly = DashboardServer.start(DashboardConfig.of(options).withReadOnly(true),
                     "127.0.0.1", 0)) {
            String id = q.add("fail-x", Map.of());
            browser.open(readOnly.url().resolve("/queue?name=ro").toString());
            assertThat(browser.text("header .server")).contains("read-only");
            assertThat(browser.all("[data-action]")).isEmpty();
            browser.open(readOnly.url().resolve("/job?queue=ro&id=" + id).toString());
            assertThat(browser.all("form[method='post']")).isEmpty();
            browser.js("const f = document.createElement('form'); f.method = 'post'; f.action = 'action/remove';"
                    + "for (const [k, v] of [['queue', 'ro'], ['id', arguments[0]]]) { const i = document.createElement('input');"
                    + " i.name = k; i.value = v; f.appendChild(i); } document.body.appendChild(f); f.submit();", id);
            assertThat(browser.text("#error-message")).contains("read-only");
            assertThat(q.getJob(id)).isPresent();
        }
    }

    @Test
    void jobsArePagedAndFoundByIdOrName() {
        try (Queue q = new Queue("many", options)) {
            for (int i = 1; i <= 45; i++) {
                q.add("mail-" + i, Map.of("n", i));
            }
            String invoice = q.add("Invoice-Jan", Map.of());
            browser.open(url("/queue?name=many&state=waiting"));
            assertThat(browser.all("#jobs tbody tr")).hasSize(20);
            browser.screenshot("queue");
            assertThat(browser.text("#jobs tbody tr:first-child .jobname")).isEqualTo("Invoice-Jan");
            browser.follow("a[rel='next']");
            browser.follow("a[rel='next']");
            assertThat(browser.all("#jobs tbody tr")).hasSize(6);
            assertThat(browser.text("#jobs tbody tr:last-child .jobname")).isEqualTo("mail-1");

            browser.submit("input[name='q']", "invoice");
            assertThat(browser.text("#jobs tbody tr .jobname")).isEqualTo("Invoice-Jan");
            assertThat(browser.all("#jobs tbody tr")).hasSize(1);
            browser.open(url("/queue?name=many&state=waiting&q=" + invoice));
            assertThat(browser.all("#jobs tbody tr")).hasSize(1);
            assertThat(browser.text("#jobs tbody tr .id")).isEqualTo(invoice);
        }
    }

    @Test
    void aJobPageShowsItsWholeFlowWithEachJobsState() {
        try (FlowProducer flows = new FlowProducer(options)) {
            FlowJob child = FlowJob.of("flow-kids", "render", Map.of());
            FlowJob broken = FlowJob.of("flow-kids", "fail-render", Map.of());
            FlowJob grandchild = FlowJob.of("flow-kids", "fetch", Map.of());
            flows.add(FlowJob.of("flow-top", "report", Map.of()).withOpts(JobOptions.builder().jobId("r-1").build())
                    .withChildren(List.of(child.withChildren(List.of(grandchild)), broken)));
            try (Worker w = worker("flow-kids")) {
                await().atMost(WAIT).until(() -> {
                    try (Queue kids = new Queue("flow-kids", options)) {
                        return kids.getJobCounts().get(JobState.COMPLETED) == 2
                                && kids.getJobCounts().get(JobState.FAILED) == 1;
                    }
                });
            }
            String grandchildId;
            try (Queue kids = new Queue("flow-kids", options)) {
                grandchildId = kids.getJobs(JobState.COMPLETED, 0, -1).stream().filter(j -> j.name().equals("fetch"))
                        .findFirst().orElseThrow().id();
            }
            browser.open(url("/job?queue=flow-kids&id=" + grandchildId));
            assertThat(browser.text("#flow > li > a")).isEqualTo("report");
            assertThat(browser.find("#flow > li").getAttribute("data-state")).isEqualTo("waiting-children");
            assertThat(browser.all("#flow > li > ul > li")).extracting(e -> e.findElement(By.cssSelector("a")).getText()
                    + "=" + e.getAttribute("data-state")).containsExactlyInAnyOrder("render=completed",
                    "fail-render=failed");
            assertThat(browser.text("#flow li.current > a")).isEqualTo("fetch");
            assertThat(browser.find("#flow li.current").getAttribute("data-state")).isEqualTo("completed");
            browser.screenshot("job-flow");
            browser.follow("#flow > li > a");
            assertThat(browser.text(".jobid")).isEqualTo("r-1");
            assertThat(browser.text("#flow li.current > a")).isEqualTo("report");
        }
    }
}
