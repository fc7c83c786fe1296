package dev.drover.gpu;

import java.util.Locale;

/**
 * GPU jobs are routed by queue: one queue per GPU model, {@code gpu-jobs:<model slug>}, so an agent consumes only
 * the queue of the model it has, and a job for a model no agent has waits (visibly) in its own queue.
 */
public final class GpuQueues {

    public static final String PREFIX = "gpu-jobs:";
    /** The queue job name of every GPU job; its data is {@code {"jobId": "<gpu.jobs id>"}}. */
    public static final String JOB_NAME = "gpu-job";

    private GpuQueues() {
    }

    /** {@code NVIDIA H100 80GB HBM3} → {@code gpu-jobs:nvidia-h100-80gb-hbm3}. */
    public static String forModel(String gpuModel) {
        String slug = gpuModel.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("GPU model '" + gpuModel + "' has no letters or digits");
        }
        return PREFIX + slug;
    }
}
