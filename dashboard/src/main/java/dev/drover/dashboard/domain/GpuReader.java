package dev.drover.dashboard.domain;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.dashboard.view.Chart;
import dev.drover.db.generated.gpu.tables.records.JobLogsRecord;
import dev.drover.db.generated.gpu.tables.records.JobMetricsRecord;
import dev.drover.db.generated.gpu.tables.records.TransactionsRecord;
import dev.drover.db.generated.gpu.tables.records.UsersRecord;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;

/**
 * GPU jobs ({@code gpu} schema): status and cost, a tail of their logs, their GPU metrics as charts, and each user's
 * ledger. Columns that may hold secrets ({@code env}, {@code command}, {@code args}, {@code params}) are never read.
 */
public final class GpuReader {

    private static final int LIMIT = 50;
    public static final int LOG_TAIL = 100;

    private final DSLContext dsl;

    public GpuReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A GPU job without its command line or environment. */
    public record Row(UUID id, UUID userId, String user, String type, String status, String gpuModel, String provider,
                      String queueJobId, BigDecimal reserved, BigDecimal cost, int attempts, Integer exitCode,
                      String error, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    /** A job with its log tail (oldest first) and metrics charts. */
    public record Detail(Row job, List<JobLogsRecord> logs, List<Chart> charts) {
    }

    /** A user with their ledger, oldest entry first. */
    public record Ledger(UsersRecord user, List<TransactionsRecord> entries) {
    }

    private static final List<SelectField<?>> ROW = List.of(JOBS.ID, JOBS.USER_ID, USERS.EMAIL, JOBS.TYPE, JOBS.STATUS,
            JOBS.GPU_MODEL, PROVIDERS.NAME, JOBS.QUEUE_JOB_ID, JOBS.RESERVED_AMOUNT, JOBS.COST, JOBS.ATTEMPTS,
            JOBS.EXIT_CODE, JOBS.ERROR, JOBS.CREATED_AT, JOBS.STARTED_AT, JOBS.FINISHED_AT);

    private static Row row(Record r) {
        return new Row(r.get(JOBS.ID), r.get(JOBS.USER_ID), r.get(USERS.EMAIL), r.get(JOBS.TYPE).getLiteral(),
                r.get(JOBS.STATUS).getLiteral(), r.get(JOBS.GPU_MODEL), r.get(PROVIDERS.NAME), r.get(JOBS.QUEUE_JOB_ID),
                r.get(JOBS.RESERVED_AMOUNT), r.get(JOBS.COST), r.get(JOBS.ATTEMPTS), r.get(JOBS.EXIT_CODE),
                r.get(JOBS.ERROR), r.get(JOBS.CREATED_AT), r.get(JOBS.STARTED_AT), r.get(JOBS.FINISHED_AT));
    }

    public List<Row> jobs() {
        return dsl.select(ROW).from(JOBS).join(USERS).on(USERS.ID.eq(JOBS.USER_ID)).leftJoin(PROVIDERS)
                .on(PROVIDERS.ID.eq(JOBS.PROVIDER_ID)).orderBy(JOBS.CREATED_AT.desc()).limit(LIMIT).fetch(GpuReader::row);
    }

    public Optional<Detail> job(UUID id) {
        Record r = dsl.select(ROW).from(JOBS).join(USERS).on(USERS.ID.eq(JOBS.USER_ID)).leftJoin(PROVIDERS)
                .on(PROVIDERS.ID.eq(JOBS.PROVIDER_ID)).where(JOBS.ID.eq(id)).fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        List<JobLogsRecord> logs = new ArrayList<>(dsl.selectFrom(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(id))
                .orderBy(JOB_LOGS.ID.desc()).limit(LOG_TAIL).fetch());
        Collections.reverse(logs);
        return Optional.of(new Detail(row(r), logs, charts(id)));
    }

    private List<Chart> charts(UUID id) {
        List<JobMetricsRecord> samples = dsl.selectFrom(JOB_METRICS).where(JOB_METRICS.JOB_ID.eq(id))
                .orderBy(JOB_METRICS.SAMPLED_AT, JOB_METRICS.ID).fetch();
        if (samples.isEmpty()) {
            return List.of();
        }
        OffsetDateTime start = samples.get(0).getSampledAt();
        List<String> labels = samples.stream().filter(s -> s.getGpuIndex() == samples.get(0).getGpuIndex())
                .map(s -> String.format(java.util.Locale.ROOT, "+%.1fs",
                        java.time.Duration.between(start, s.getSampledAt()).toMillis() / 1000.0)).toList();
        return List.of(chart("GPU utilization (%)", samples, labels, JobMetricsRecord::getGpuUtilization),
                chart("memory used (MiB)", samples, labels, JobMetricsRecord::getMemoryUsed),
                chart("temperature (°C)", samples, labels, JobMetricsRecord::getTemperature));
    }

    private static final List<String> COLORS = List.of("#1c7ed6", "#f08c00", "#7048e8", "#0ca678");

    /** One line per GPU index, in sampling order. */
    private static Chart chart(String title, List<JobMetricsRecord> samples, List<String> labels,
                               Function<JobMetricsRecord, Number> value) {
        TreeMap<Integer, List<Number>> byGpu = new TreeMap<>();
        samples.forEach(s -> byGpu.computeIfAbsent(s.getGpuIndex(), k -> new ArrayList<>()).add(value.apply(s)));
        List<Chart.Series> series = new ArrayList<>();
        byGpu.forEach((gpu, data) -> series.add(new Chart.Series("GPU " + gpu, COLORS.get(gpu % COLORS.size()), data)));
        return new Chart(title, labels, series);
    }

    public Optional<Ledger> ledger(UUID userId) {
        UsersRecord user = dsl.selectFrom(USERS).where(USERS.ID.eq(userId)).fetchOne();
        return Optional.ofNullable(user).map(u -> new Ledger(u, dsl.selectFrom(TRANSACTIONS)
                .where(TRANSACTIONS.USER_ID.eq(userId)).orderBy(TRANSACTIONS.CREATED_AT, TRANSACTIONS.ID).fetch()));
    }

    /** Every user with their balance, by email. */
    public List<UsersRecord> users() {
        return dsl.selectFrom(USERS).orderBy(USERS.EMAIL).fetch();
    }

    /** Whether a GPU job with this id exists (its id is its queue job id). */
    public boolean exists(UUID id) {
        return dsl.fetchExists(JOBS, JOBS.ID.eq(id));
    }
}
