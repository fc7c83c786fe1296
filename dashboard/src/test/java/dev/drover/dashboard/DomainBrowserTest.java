package dev.drover.dashboard;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static dev.drover.db.generated.lead_sync.Tables.SYSTEM_ALERTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.dashboard.view.Fmt;
import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.db.generated.certification.tables.records.ModelCertificationsRecord;
import dev.drover.queue.JobState;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.SharedRedis;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.postgres.MigratedTemplate;
import dev.drover.testing.postgres.PostgresServer;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The domain pages in a real browser over Postgres and Redis filled by the three workers' real code: a
 * certification batch with its progress and model × region matrix, CRM segments with their runs and alerts, a GPU
 * job with its cost, logs, metrics charts and its user's ledger, and the links between queue jobs and those rows.
 */
class DomainBrowserTest {

    private static String databaseName;
    private static Database database;
    private static DSLContext dsl;
    private static QueueAdmin admin;
    private static Workers workers;
    private static DashboardServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        QueueOptions options = QueueOptions.builder().redisUrl(SharedRedis.url())
                .prefix("dom" + UUID.randomUUID().toString().substring(0, 8)).build();
        databaseName = "t_dash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MigratedTemplate.copyTo(databaseName);
        TestDatabase db = new TestDatabase(PostgresServer.shared(), databaseName);
        database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "dashboard-test", 8);
        dsl = database.dsl();
        admin = new QueueAdmin(options);
        workers = new Workers(SharedRedis.url(), options, db.url(), dsl);
        workers.certify();
        workers.syncSegments();
        workers.trainOnGpu();
        server = DashboardServer.start(DashboardConfig.of(options).withDomain(dsl), "127.0.0.1", 0);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, server, workers, admin, database}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
        if (databaseName != null) {
            MigratedTemplate.drop(databaseName);
        }
    }

    private static String url(String path) {
        return server.url().resolve(path).toString();
    }

    @Test
    void theQueuesPageShowsTheWorkersQueuesWithTheirNumbers() {
        browser.open(url("/"));
        for (String queue : admin.queueNames()) {
            Map<JobState, Long> counts = admin.counts(queue);
            String row = "tr[data-queue='" + queue + "']";
            assertThat(browser.text(row + " .count-completed")).as(queue).isEqualTo(counts.get(JobState.COMPLETED).toString());
            assertThat(browser.text(row + " .count-failed")).as(queue).isEqualTo(counts.get(JobState.FAILED).toString());
        }
        assertThat(browser.all("tr[data-queue]")).extracting(e -> e.getAttribute("data-queue"))
                .contains("certification", "lead-sync", "gpu-jobs.nvidia-h100-80gb-hbm3");
        browser.screenshot("queues-workers");
    }

    @Test
    void aCertificationBatchShowsItsProgressAndItsModelRegionMatrix() {
        CertificationJobsRecord batch = dsl.selectFrom(CERTIFICATION_JOBS)
                .where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(workers.batchJobId)).fetchOne();
        browser.open(url("/certification"));
        String row = "tr[data-batch='" + batch.getId() + "']";
        assertThat(browser.text(row + " .processed")).isEqualTo(batch.getProcessedModels().toString());
        assertThat(browser.text(row + " .total")).isEqualTo(Integer.toString(Workers.MODELS.size() * Workers.REGIONS.size()));
        browser.follow(row + " td a");

        assertThat(browser.text("#batch-processed")).isEqualTo(batch.getProcessedModels().toString());
        assertThat(browser.find("#batch-progress").getAttribute("value")).isEqualTo(batch.getProcessedModels().toString());
        assertThat(browser.text("#batch-status")).isEqualTo(batch.getStatus().getLiteral());
        for (ModelCertificationsRecord c : dsl.selectFrom(MODEL_CERTIFICATIONS)
                .where(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID.eq(batch.getId())).fetch()) {
            WebElement cell = browser.find("td[data-cell='" + c.getModelId() + "|" + c.getRegion() + "']");
            String expected = c.getRating() != null ? c.getRating() : c.getStatus().getLiteral();
            assertThat(cell.getText()).as(c.getModelId() + " in " + c.getRegion()).contains(expected)
                    .contains(c.getErrorCategory() == null ? "" : c.getErrorCategory());
        }
        assertThat(browser.all("td[data-cell] .rating")).isNotEmpty();
        browser.screenshot("certification-batch");
        assertThat(browser.all("td.cell .errcat")).as("mistral is unavailable in eu-west-1: "
                + browser.text("#matrix")).isNotEmpty();

        browser.follow("a.queue-link");
        assertThat(browser.text(".jobid")).isEqualTo(workers.batchJobId);
        browser.follow("a.domain-link");
        assertThat(browser.text(".batchid")).isEqualTo(batch.getId().toString());
        browser.follow("a.cell-job");
        assertThat(browser.text(".jobname")).isEqualTo("certify-model");
        assertThat(browser.text("a.domain-link")).contains(batch.getId().toString());
        assertThat(browser.all("#flow > li > ul > li")).as("the batch's flow: one certify-model job per pair")
                .hasSize(Workers.MODELS.size() * Workers.REGIONS.size());
        assertThat(browser.find("#flow li.current").getAttribute("data-state")).isEqualTo("completed");
    }

    @Test
    void crmSegmentsShowScheduleRunsSuccessRateFailuresAndOpenAlerts() {
        browser.open(url("/crm"));
        assertThat(browser.text("#segment-42 h2")).contains("Hot leads", "active");
        assertThat(browser.text("#segment-42 .success-rate")).startsWith("100 %");
        assertThat(browser.text("#segment-42 .failures")).isEqualTo("0");
        assertThat(browser.text("#segment-42 dl")).contains("every 6h 0m");
        assertThat(browser.text("#segment-42 table.runs")).contains("success", "\"inserted\": 30");
        int failures = dsl.select(SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES).from(SYNC_SEGMENTS_CONTROL)
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(43L)).fetchOne(SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES);
        assertThat(failures).isPositive();
        assertThat(browser.text("#segment-43 .failures")).isEqualTo(Integer.toString(failures));
        assertThat(browser.text("#segment-43 .success-rate")).startsWith("0 %");
        for (long segment : new long[] {42, 43}) {
            int open = dsl.fetchCount(SYSTEM_ALERTS, SYSTEM_ALERTS.SEGMENT_ID.eq(segment)
                    .and(SYSTEM_ALERTS.ACKNOWLEDGED_AT.isNull()));
            assertThat(browser.text("#segment-" + segment + " .alerts")).isEqualTo(Integer.toString(open));
        }

        browser.follow("#segment-42 table.runs a");
        assertThat(browser.text("#job-return")).contains("\"segmentId\" : 42");
        browser.follow("a.domain-link");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/crm#segment-42");
    }

    @Test
    void aGpuJobShowsItsCostLogsMetricsChartsAndItsUsersLedger() {
        var job = dsl.selectFrom(JOBS).where(JOBS.ID.eq(workers.gpuJob)).fetchOne();
        browser.open(url("/gpu"));
        String row = "tr[data-gpu-job='" + workers.gpuJob + "']";
        assertThat(browser.text(row)).contains("COMPLETED", "ana@example.com", Fmt.money(job.getCost()));
        browser.follow(row + " td a");

        assertThat(browser.text("#gpu-status")).isEqualTo("COMPLETED");
        assertThat(browser.text("#gpu-cost")).startsWith(Fmt.money(job.getCost()));
        assertThat(browser.text("#gpu-logs")).contains("epoch 1 loss 0.8", "epoch 5 loss 0.4");
        assertThat(browser.all(".charts canvas")).hasSize(3);
        assertThat(browser.js("return Array.from(document.querySelectorAll('.charts canvas'))"
                + ".every(c => Chart.getChart(c) && Chart.getChart(c).data.datasets[0].data.length > 1);")).isEqualTo(true);
        browser.screenshot("gpu-job");

        browser.follow("a.queue-link");
        assertThat(browser.text(".jobid")).isEqualTo(workers.gpuJob.toString());
        assertThat(browser.text("h1")).contains("gpu-jobs.nvidia-h100-80gb-hbm3");
        browser.follow("a.domain-link");
        assertThat(browser.text(".gpuid")).isEqualTo(workers.gpuJob.toString());

        browser.follow(".facts a");
        var credits = dsl.select(USERS.CREDITS).from(USERS).where(USERS.ID.eq(workers.gpuUser)).fetchOne(USERS.CREDITS);
        assertThat(browser.text("#credits")).isEqualTo(Fmt.money(credits));
        assertThat(browser.all("#ledger tbody tr")).extracting(e -> e.getAttribute("data-type"))
                .containsAll(dsl.select(TRANSACTIONS.TYPE).from(TRANSACTIONS).where(TRANSACTIONS.USER_ID.eq(workers.gpuUser))
                        .fetch(t -> t.value1().getLiteral()))
                .contains("DEPOSIT", "DEBIT", "REFUND");
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("sh -c");
    }
}
