package dev.drover.gpu.billing;

import dev.drover.db.generated.gpu.enums.JobStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * How a job ended, as the agent reports it to {@link Ledger#finish}.
 *
 * @param status     COMPLETED, FAILED or CANCELLED
 * @param exitCode   the process's exit code; null when there was no process
 * @param finishedAt when it ended
 * @param error      a one-line reason for FAILED / CANCELLED; null for COMPLETED
 */
public record JobEnd(JobStatus status, Integer exitCode, Instant finishedAt, String error) {

    public JobEnd {
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (status != JobStatus.COMPLETED && status != JobStatus.FAILED && status != JobStatus.CANCELLED) {
            throw new IllegalArgumentException("a job ends COMPLETED, FAILED or CANCELLED, not " + status);
        }
    }

    public static JobEnd completed(Instant at) {
        return new JobEnd(JobStatus.COMPLETED, 0, at, null);
    }

    public static JobEnd failed(Integer exitCode, Instant at, String error) {
        return new JobEnd(JobStatus.FAILED, exitCode, at, error);
    }

    public static JobEnd cancelled(Integer exitCode, Instant at, String reason) {
        return new JobEnd(JobStatus.CANCELLED, exitCode, at, reason);
    }
}
