package dev.drover.gpu;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.JobType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What {@code gpu-agent status ID} shows: the job row's state, its bill so far and how much it logged. */
public record JobView(UUID id, JobType type, JobStatus status, String gpuModel, UUID providerId, int attempts,
                      BigDecimal reserved, BigDecimal cost, Integer exitCode, String error, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, int logLines, String queueState) {
}
