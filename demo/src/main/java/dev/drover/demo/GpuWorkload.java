package dev.drover.demo;

import static dev.drover.db.generated.gpu.Tables.BENCHMARKS;
import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.db.generated.gpu.enums.TransactionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * The GPU part of the workload, through {@code gpu-agent submit}, {@code cancel} and {@code images submit} as a user
 * would: a training job that succeeds, one that fails (exit code 3), one cancelled while it runs, and an image batch
 * of {@value #IMAGE_COUNT} images (Gemini simulator). The demo user gets a
 * deposit (a DEPOSIT leg and the credits, in one transaction) and the H100 a training benchmark first.
 */
final class GpuWorkload {

    static final String USER_EMAIL = "demo@drover.dev";
    static final BigDecimal DEPOSIT = new BigDecimal("100.0000");
    private static final Pattern UUID_LINE = Pattern.compile("(?m)^([0-9a-f]{8}-[0-9a-f-]{27})\\s*$");
    private static final Pattern NUMBER_LINE = Pattern.compile("(?m)^(\\d+)\\s*$");
    static final String IMAGE_BATCH = "image batch";
    static final int IMAGE_COUNT = 3;

    private final Fleet fleet;
    private final DemoSize size;
    private final String referenceImageUrl;

    GpuWorkload(Fleet fleet, DemoSize size, String referenceImageUrl) {
        this.fleet = fleet;
        this.size = size;
        this.referenceImageUrl = referenceImageUrl;
    }

    /** Seeds the user and benchmark, submits the three jobs and cancels the third once it runs. */
    List<Workload.Part> submitAll(DSLContext dsl) {
        seed(dsl);
        List<Workload.Part> parts = new ArrayList<>();
        parts.add(submit("GPU training (succeeds)", "train-ok", "sh", "-c",
                "echo loading dataset; sleep " + size.trainingSeconds() + "; echo epoch 1/1 loss=0.12; echo saved"));
        parts.add(submit("GPU training (fails)", "train-fail", "sh", "-c",
                "echo starting; echo CUDA out of memory >&2; exit 3"));
        Workload.Part cancel = submit("GPU training (cancelled)", "train-cancel", "sh", "-c",
                "echo long run; sleep 60");
        parts.add(cancel.submitted() ? cancelWhenRunning(dsl, cancel) : cancel);
        parts.add(submitImageBatch());
        return parts;
    }

    /**
     * Seed 004's image batch through {@code gpu-agent images submit}, with a reference image from a local web server:
     * debits the images, enqueues generate-images.
     */
    private Workload.Part submitImageBatch() {
        ToolRun run = fleet.runTool(DaemonKind.GPU, List.of("images", "submit", "--user", USER_EMAIL, "--prompt",
                "a lighthouse at dawn, watercolour", "--count", Integer.toString(IMAGE_COUNT), "--reference",
                referenceImageUrl));
        Matcher m = NUMBER_LINE.matcher(run.output());
        if (!run.ok() || !m.find()) {
            return new Workload.Part(IMAGE_BATCH, false, "gpu-agent images submit exited " + run.exitCode() + ": "
                    + run.lastLine());
        }
        return new Workload.Part(IMAGE_BATCH, true, "batch " + m.group(1) + ", " + IMAGE_COUNT + " images");
    }

    private Workload.Part submit(String name, String label, String... command) {
        List<String> args = new ArrayList<>(List.of("submit", "--user", USER_EMAIL, "--type", "training",
                "--gpu-model", Simulators.GPU_MODEL, "--param", "label=" + label, "--param", "epochs=1",
                "--time-limit", "2m", "--"));
        args.addAll(List.of(command));
        ToolRun run = fleet.runTool(DaemonKind.GPU, args);
        Matcher m = UUID_LINE.matcher(run.output());
        if (!run.ok() || !m.find()) {
            return new Workload.Part(name, false, "gpu-agent submit exited " + run.exitCode() + ": " + run.lastLine());
        }
        return new Workload.Part(name, true, "job " + m.group(1));
    }

    private Workload.Part cancelWhenRunning(DSLContext dsl, Workload.Part part) {
        String id = part.detail().substring("job ".length());
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && status(dsl, id) != JobStatus.RUNNING) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        ToolRun run = fleet.runTool(DaemonKind.GPU, List.of("cancel", id));
        return new Workload.Part(part.name(), run.ok(), part.detail() + ", cancel: " + run.lastLine());
    }

    private static JobStatus status(DSLContext dsl, String id) {
        return dsl.select(JOBS.STATUS).from(JOBS).where(JOBS.ID.eq(UUID.fromString(id))).fetchOne(JOBS.STATUS);
    }

    private static void seed(DSLContext dsl) {
        dsl.transaction(cfg -> {
            var tx = cfg.dsl();
            UUID user = tx.insertInto(USERS).set(USERS.EMAIL, USER_EMAIL).set(USERS.NAME, "Demo User")
                    .set(USERS.CREDITS, DEPOSIT).returning(USERS.ID).fetchOne(USERS.ID);
            tx.insertInto(TRANSACTIONS).set(TRANSACTIONS.USER_ID, user).set(TRANSACTIONS.TYPE, TransactionType.DEPOSIT)
                    .set(TRANSACTIONS.AMOUNT, DEPOSIT).set(TRANSACTIONS.REFERENCE, "demo-deposit")
                    .set(TRANSACTIONS.DESCRIPTION, "demo credits").execute();
            tx.insertInto(BENCHMARKS).set(BENCHMARKS.JOB_TYPE, JobType.training)
                    .set(BENCHMARKS.GPU_MODEL, Simulators.GPU_MODEL).set(BENCHMARKS.BASE_SECONDS, new BigDecimal("5"))
                    .set(BENCHMARKS.EPOCHS, 1).execute();
        });
    }
}
