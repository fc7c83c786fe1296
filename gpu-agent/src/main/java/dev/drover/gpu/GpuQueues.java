package dev.drover.gpu;

import java.util.Locale;

/**
 * GPU jobs are routed by queue: one queue per GPU model, {@code gpu-jobs.<model slug>}, so an agent consumes only
 * the queue of the model it has, and a job for a model no agent has waits (visibly) in its own queue. A model queue
 * carries {@value #JOB_NAME} jobs and seed 004's {@value #TRAIN_MODEL} jobs (training needs a GPU). The separator
 * is a dot because bullmq (5.12 and later) refuses queue names with a ':', and a Node service must be able to open
 * these queues; an earlier Drover used {@code gpu-jobs:<slug>}, whose PENDING jobs the relay re-enqueues here.
 *
 * <p>Seed 004's {@value #GENERATE_IMAGES} jobs need no GPU (they call Gemini): they go to the one queue
 * {@value #IMAGES}, consumed by every agent configured with a Gemini API key, with or without GPUs.
 */
public final class GpuQueues {

    public static final String PREFIX = "gpu-jobs.";
    /** The queue job name of every GPU job; its data is {@code {"jobId": "<gpu.jobs id>"}}. */
    public static final String JOB_NAME = "gpu-job";
    /** Seed 004's training job, on its model's queue; data {@code {"jobId": "<gpu.jobs id>", "modelId": <id>}}. */
    public static final String TRAIN_MODEL = "train-model";
    /** The queue of image batches; any agent with a Gemini key consumes it. */
    public static final String IMAGES = "gpu-images";
    /** Seed 004's image batch job on {@value #IMAGES}; data {@code {"batchId": <id>}}, queue job id {@code batch-<id>}. */
    public static final String GENERATE_IMAGES = "generate-images";

    private GpuQueues() {
    }

    /** {@code NVIDIA H100 80GB HBM3} → {@code gpu-jobs.nvidia-h100-80gb-hbm3}. */
    public static String forModel(String gpuModel) {
        String slug = gpuModel.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("GPU model '" + gpuModel + "' has no letters or digits");
        }
        return PREFIX + slug;
    }
}
