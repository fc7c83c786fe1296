package dev.drover.gpu.images;

import dev.drover.gpu.billing.SubmittedJob;

/**
 * A model whose training was accepted: its {@code gpu.trained_models} row (status {@code training}) and the GPU job
 * that trains it (queue job {@code train-model}, id = the job id, on its GPU model's queue).
 */
public record SubmittedTraining(long modelId, SubmittedJob job) {
}
