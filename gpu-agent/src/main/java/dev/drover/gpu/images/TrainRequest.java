package dev.drover.gpu.images;

import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.gpu.billing.JobRequest;
import java.util.List;
import java.util.Objects;

/**
 * A model a user wants trained (seed 004's {@code train-model} payload) and the GPU job that trains it.
 *
 * @param name              the model's name
 * @param trainingImageUrls images downloaded into {@code $TRAINING_IMAGES_DIR} before the command runs
 * @param training          the GPU job: a {@code training} job whose command writes {@code $OUTPUT_DIR/model.bin};
 *                          it is priced, reserved and billed like any GPU job
 */
public record TrainRequest(String name, List<String> trainingImageUrls, JobRequest training) {

    public TrainRequest {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        trainingImageUrls = List.copyOf(trainingImageUrls);
        Objects.requireNonNull(training, "training");
        if (training.type() != JobType.training) {
            throw new IllegalArgumentException("a model is trained by a training job, not " + training.type());
        }
        if (training.command() == null) {
            throw new IllegalArgumentException("a training job needs a command");
        }
    }
}
