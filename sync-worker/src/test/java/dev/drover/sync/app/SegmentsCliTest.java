package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.sync.SegmentScheduler;
import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import dev.drover.sync.SyncRequest;
import dev.drover.sync.crm.RequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sync-worker segments ...} and {@code --help}, run in this JVM against real Postgres and Redis. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class SegmentsCliTest {

    private Map<String, String> env;
    private DSLContext dsl;
    private TestRedis redis;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void setUp(TestRedis redis, TestDatabase db) {
        this.redis = redis;
        this.env = Map.of("DATABASE_URL", db.url(), "REDIS_URL", redis.url(), "QUEUE_PREFIX", redis.prefix(),
                "SPRINTHUB_API_TOKEN", "tok-never-shown-123");
        this.dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeadSyncMain.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void addPauseResumeAndListChangeWhatTheSchedulerClaims() {
        assertThat(cli("segments", "add", "31", "--every", "15m", "--name", "Hot leads").code()).isZero();
        assertThat(cli("segments", "add", "32", "--cron", "0 6 * * *", "--tz", "America/Sao_Paulo", "--full").out())
                .contains("segment 32 added (cron '0 6 * * *' America/Sao_Paulo, FULL)");

        assertThat(cli("segments", "pause", "31").out()).contains("segment 31 paused");
        var scheduler = new SegmentScheduler(dsl, InstantSource.system());
        assertThat(scheduler.claimDue(10)).extracting(c -> c.segmentId()).containsExactly(32L);

        assertThat(cli("segments", "resume", "31").out()).contains("segment 31 resumed");
        assertThat(status(31)).isEqualTo(SegmentStatus.active);
        assertThat(scheduler.claimDue(10)).extracting(c -> c.segmentId()).containsExactly(31L);

        Result list = cli("segments", "list");
        assertThat(list.code()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("SEGMENT  NAME       STATUS  MODE         SCHEDULE");
        assertThat(lines.get(1)).startsWith("31       Hot leads  active  INCREMENTAL  every 900s");
        assertThat(lines.get(2)).startsWith("32       -          active  FULL         cron '0 6 * * *' America/Sao_Paulo");
        // columns line up: each header starts where its values start
        int next = lines.get(0).indexOf("NEXT RUN");
        assertThat(lines.get(1).substring(next)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void listShowsTheLastRunAndItsSuccessRate() {
        cli("segments", "add", "33", "--every", "1h");
        try (SprintHubSimulator sim = SprintHubSimulator.start("tok-list-1", "oficialmed")) {
            sim.segment(33).addLeads(1, 4);
            var crm = SprintHubConfig.of(sim.baseUrl(), "tok-list-1", "oficialmed");
            new SegmentSync(dsl, new SprintHubClient(crm, RequestRateLimiter.unlimited()), InstantSource.system())
                    .run(new SyncRequest(33, SyncMode.INCREMENTAL, "run-list-1"));
        }
        String row = cli("segments", "list").out().lines().toList().get(1);
        assertThat(row).contains(" success ").contains(" 100.00 ").containsPattern("100\\.00\\s+0\\s+\\d{4}-");
    }

    @Test
    void runNowEnqueuesOneManualRunEvenWhenPaused() {
        cli("segments", "add", "34");
        cli("segments", "pause", "34");

        Result first = cli("segments", "run-now", "34", "--full");
        Result second = cli("segments", "run-now", "34");

        assertThat(first.out()).contains("segment 34: run segment-34-").contains("enqueued (FULL)");
        assertThat(second.out()).contains("is already pending or active; nothing added");
        try (Queue q = new Queue(SyncJobData.QUEUE, QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            var jobs = q.getJobs(JobState.WAITING, 0, -1);
            assertThat(jobs).singleElement().satisfies(j -> assertThat(SyncJobData.fromJson(j.rawData()))
                    .isEqualTo(new SyncJobData(34, SyncMode.FULL, SyncJobData.MANUAL)));
        }
    }

    @Test
    void mistakesGetOneLineAndANonZeroExit() {
        Result unknown = cli("segments", "pause", "999");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("sync-worker segments: segment 999 is not configured for sync; "
                + "add it with `sync-worker segments add 999`");

        assertThat(cli("segments", "add", "35", "--every", "soon").err()).contains("invalid interval 'soon'");
        assertThat(cli("segments", "add", "36", "--cron", "61 * * * *").code()).isEqualTo(1);
        cli("segments", "add", "37");
        assertThat(cli("segments", "add", "37").err()).contains("segment 37 already exists");
        assertThat(cli("segments", "add", "38", "--every", "1h", "--cron", "0 6 * * *").code()).isEqualTo(2);
        assertThat(cli("segments", "run-now", "999").err()).contains("segment 999 is not configured");
    }

    @Test
    void helpListsEveryVariableWithItsDefaultButNoSecretValue() {
        Result help = cli("run", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("env REDIS_URL, required").contains("env DATABASE_URL, required")
                .contains("env SPRINTHUB_BASE_URL").contains("env SPRINTHUB_API_TOKEN").contains("env SPRINTHUB_INSTANCE")
                .contains("env SCHEDULE_INTERVAL, default 30s").contains("env CONCURRENCY, default 2")
                .contains("env HTTP_PORT, default 8080").doesNotContain("tok-never-shown-123");
        assertThat(cli("segments", "add", "--help").out()).contains("--every").contains("--cron").contains("env DATABASE_URL");
    }

    @Test
    void perCallArgumentsNeverComeFromTheShellsVariables() {
        env = new java.util.HashMap<>(env);
        env.putAll(Map.of("NAME", "my-laptop", "TZ", "America/Sao_Paulo", "FULL", "true", "EVERY", "1m",
                "CRON", "0 6 * * *", "USER", "root", "ID", "77"));

        assertThat(cli("segments", "add", "40").out()).contains("segment 40 added (every 86400s, INCREMENTAL)");
        assertThat(cli("segments", "add", "41", "--cron", "0 6 * * *").out())
                .contains("segment 41 added (cron '0 6 * * *' UTC, INCREMENTAL)");
        env.put("TZ", ":/etc/localtime");
        assertThat(cli("segments", "add", "42", "--cron", "0 7 * * *").code()).isZero();
        assertThat(cli("segments", "run-now", "40").out()).contains("enqueued (INCREMENTAL)");

        var rows = dsl.selectFrom(SYNC_SEGMENTS_CONTROL).orderBy(SYNC_SEGMENTS_CONTROL.SEGMENT_ID).fetch();
        assertThat(rows).extracting(r -> r.getName()).containsOnlyNulls();
        assertThat(rows).extracting(r -> r.getTimezone()).containsOnly("UTC");
        assertThat(rows).extracting(r -> r.getMode().getLiteral()).containsOnly("INCREMENTAL");
    }

    @Test
    void helpNamesOnlyTheConnectionVariablesForOperatorCommands() {
        for (String command : List.of("list", "add", "pause", "resume", "run-now")) {
            String help = cli("segments", command, "--help").out();
            assertThat(help.lines().map(String::strip).filter(l -> l.startsWith("env "))
                    .map(l -> l.substring(4, l.indexOf(','))).toList()).as(command)
                    .containsExactlyInAnyOrder("DATABASE_URL", "REDIS_URL", "REDIS_TLS_CA", "QUEUE_PREFIX");
            assertThat(help).as(command).contains("--verbose");
        }
        assertThat(cli("run", "--help").out()).doesNotContain("--verbose");
    }

    private SegmentStatus status(long id) {
        return dsl.select(SYNC_SEGMENTS_CONTROL.STATUS).from(SYNC_SEGMENTS_CONTROL)
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(id)).fetchSingle().value1();
    }
}
