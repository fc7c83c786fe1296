package dev.drover.gpu.billing;

import dev.drover.db.generated.gpu.enums.JobStatus;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A finished job's bill. Always {@code reserved = refund + earning + fee} and {@code cost = earning + fee}.
 *
 * @param applied false when the job had already been settled and this call changed nothing
 */
public record Settlement(UUID jobId, JobStatus status, BigDecimal reserved, BigDecimal cost, BigDecimal refund,
                         BigDecimal earning, BigDecimal fee, boolean applied) {
}
