package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.BENCHMARKS;

import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.db.generated.gpu.tables.records.BenchmarksRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Estimates a job's run time from {@code gpu.benchmarks}: the benchmark's {@code base_seconds} for the job type and GPU
 * model, scaled linearly by epochs and by dataset size, and by the square of the resolution (work grows with the pixel
 * count, i.e. with side length squared). A factor is applied only when both the benchmark and the job state it.
 * No benchmark for the (type, model) pair gives no estimate.
 */
public final class Estimator {

    /** The job-params keys read for scaling. */
    public static final String EPOCHS = "epochs";
    public static final String DATASET_SIZE = "datasetSize";
    public static final String RESOLUTION = "resolution";

    private final DSLContext dsl;

    public Estimator(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Estimate> estimate(JobType type, String gpuModel, Map<String, ?> params) {
        BenchmarksRecord b = dsl.selectFrom(BENCHMARKS)
                .where(BENCHMARKS.JOB_TYPE.eq(type).and(BENCHMARKS.GPU_MODEL.eq(gpuModel)))
                .fetchOne();
        return b == null ? Optional.empty() : Optional.of(scale(b, params));
    }

    static Estimate scale(BenchmarksRecord b, Map<String, ?> params) {
        double seconds = b.getBaseSeconds().doubleValue();
        StringBuilder basis = new StringBuilder(b.getBaseSeconds().stripTrailingZeros().toPlainString()).append("s");
        double e = ratio(params.get(EPOCHS), b.getEpochs());
        double d = ratio(params.get(DATASET_SIZE), b.getDatasetSize());
        double r = ratio(params.get(RESOLUTION), b.getResolution());
        appendFactor(basis, "epochs", params.get(EPOCHS), b.getEpochs(), e);
        appendFactor(basis, "dataset", params.get(DATASET_SIZE), b.getDatasetSize(), d);
        appendFactor(basis, "resolution²", params.get(RESOLUTION), b.getResolution(), r);
        seconds *= e * d * r * r;
        return new Estimate(Duration.ofMillis(Math.round(seconds * 1000)), basis.toString());
    }

    private static double ratio(Object jobValue, Integer benchmarkValue) {
        Double job = number(jobValue);
        return job == null || benchmarkValue == null || job <= 0 ? 1.0 : job / benchmarkValue;
    }

    private static void appendFactor(StringBuilder basis, String name, Object job, Integer bench, double ratio) {
        if (ratio != 1.0) {
            basis.append(" × ").append(name).append(' ').append(job).append('/').append(bench);
        }
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
