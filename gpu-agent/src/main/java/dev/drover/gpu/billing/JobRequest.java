package dev.drover.gpu.billing;

import dev.drover.db.generated.gpu.enums.JobType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A job a user submits to the marketplace.
 *
 * @param userId          who pays
 * @param type            training, inference or image_generation
 * @param gpuModel        the GPU model it must run on (routing key)
 * @param gpuCount        how many GPUs of that model
 * @param params          type-specific parameters; {@code epochs}, {@code datasetSize}, {@code resolution} scale the
 *                        estimate
 * @param command         the executable the agent runs; null for jobs the agent implements itself
 * @param args            its arguments
 * @param env             extra environment variables
 * @param workingDir      where it runs on the agent; null for the agent's default
 * @param timeLimit       the longest it may run; null to derive one from the estimate
 * @param maxPricePerHour the most the user pays per hour; null for the highest price among providers of the model
 */
public record JobRequest(UUID userId, JobType type, String gpuModel, int gpuCount, Map<String, Object> params,
                         String command, List<String> args, Map<String, String> env, String workingDir,
                         Duration timeLimit, BigDecimal maxPricePerHour) {

    public JobRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gpuModel, "gpuModel");
        if (gpuCount < 1) {
            throw new IllegalArgumentException("gpuCount must be at least 1, got " + gpuCount);
        }
        params = Map.copyOf(params);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** A training job running {@code command args...} on one GPU of {@code gpuModel}. */
    public static JobRequest training(UUID userId, String gpuModel, Duration timeLimit, String command, String... args) {
        return new JobRequest(userId, JobType.training, gpuModel, 1, Map.of(), command, List.of(args), Map.of(), null,
                timeLimit, null);
    }

    public JobRequest withParams(Map<String, Object> newParams) {
        return new JobRequest(userId, type, gpuModel, gpuCount, newParams, command, args, env, workingDir, timeLimit, maxPricePerHour);
    }

    public JobRequest withMaxPricePerHour(BigDecimal price) {
        return new JobRequest(userId, type, gpuModel, gpuCount, params, command, args, env, workingDir, timeLimit, price);
    }

    public JobRequest withTimeLimit(Duration limit) {
        return new JobRequest(userId, type, gpuModel, gpuCount, params, command, args, env, workingDir, limit, maxPricePerHour);
    }
}
