package dev.drover.demo;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;

import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.sim.bedrock.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Enqueues the demo's workload through the public contracts, the way other services and operators do: a
 * {@code certify-batch} job on queue {@code certification} (what a Java or Node service adds), CRM segments through
 * {@code sync-worker segments add}, GPU jobs through {@code gpu-agent submit}. A part whose daemon is missing is
 * reported, not faked.
 */
final class Workload {

    /** What became of one part of the workload. */
    record Part(String name, boolean submitted, String detail) {
    }

    private final Fleet fleet;
    private final DemoSize size;
    private final Console console;
    private final String referenceImageUrl;
    private final List<Part> parts = new ArrayList<>();

    /** {@code referenceImageUrl}: the image batch's reference image. */
    Workload(Fleet fleet, DemoSize size, Console console, String referenceImageUrl) {
        this.fleet = fleet;
        this.size = size;
        this.console = console;
        this.referenceImageUrl = referenceImageUrl;
    }

    List<Part> parts() {
        return List.copyOf(parts);
    }

    /** Seeds the model catalog (what Bedrock offers, as an operator would) and adds an ALL_MODELS batch. */
    void certification(DSLContext dsl, QueueOptions queueOptions) {
        if (!present(DaemonKind.CERTIFICATION, "certification batch")) {
            return;
        }
        for (SimModel m : SimModel.defaultCatalog()) {
            dsl.insertInto(AI_MODELS).set(AI_MODELS.ID, m.modelId()).set(AI_MODELS.NAME, m.modelName())
                    .set(AI_MODELS.PROVIDER, m.providerName()).set(AI_MODELS.ACTIVE, m.active())
                    .set(AI_MODELS.REQUIRES_INFERENCE_PROFILE, m.requiresInferenceProfile())
                    .set(AI_MODELS.SUPPORTS_STREAMING, m.streaming()).onConflictDoNothing().execute();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "ALL_MODELS");
        data.put("regions", size.regions());
        data.put("createdBy", "drover-demo");
        try (Queue queue = new Queue("certification", queueOptions)) {
            String id = queue.add("certify-batch", data, JobOptions.builder().attempts(3).build());
            record("certification batch", true, "ALL_MODELS over " + size.regions() + ", queue job " + id);
        }
    }

    /** Adds the two CRM segments, due at once; the sync worker's scheduler claims and runs them. */
    void crmSegments() {
        if (!present(DaemonKind.SYNC, "CRM segments")) {
            return;
        }
        var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> addSegment(Simulators.SEGMENT_B,
                "Demo leads B (flaky page)", size.leadsB(), size.pagesB()));
        Part a = addSegment(Simulators.SEGMENT_A, "Demo leads A", size.leadsA(), size.pagesA());
        record(a.name(), a.submitted(), a.detail());
        Part pb = b.join();
        record(pb.name(), pb.submitted(), pb.detail());
    }

    private Part addSegment(long id, String name, int leads, int pages) {
        ToolRun run = fleet.runTool(DaemonKind.SYNC, List.of("segments", "add", Long.toString(id), "--every", "1h",
                "--name", name));
        return new Part("CRM segment " + id, run.ok(), run.ok() ? leads + " leads over " + pages + " pages"
                : "sync-worker segments add exited " + run.exitCode() + ": " + run.lastLine());
    }

    /** GPU jobs through {@code gpu-agent submit}; see {@link GpuWorkload}. */
    void gpuJobs(DSLContext dsl) {
        if (!present(DaemonKind.GPU, "GPU jobs")) {
            return;
        }
        GpuWorkload gpu = new GpuWorkload(fleet, size, referenceImageUrl);
        gpu.submitAll(dsl).forEach(p -> record(p.name(), p.submitted(), p.detail()));
    }

    private boolean present(DaemonKind kind, String part) {
        if (fleet.has(kind)) {
            return true;
        }
        record(part, false, "MISSING: " + kind.label() + " (no " + kind.mainClass() + " on the classpath), not run");
        return false;
    }

    private void record(String name, boolean ok, String detail) {
        parts.add(new Part(name, ok, detail));
        if (ok) {
            console.step("enqueued " + name + ": " + detail);
        } else {
            console.warn(name + ": " + detail);
        }
    }
}
