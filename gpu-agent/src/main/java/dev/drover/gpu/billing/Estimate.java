package dev.drover.gpu.billing;

import java.time.Duration;

/**
 * How long a job should take on a GPU model, from its benchmark.
 *
 * @param duration the benchmark's base time scaled to the job's parameters
 * @param basis    how it was scaled, for logs and the CLI (e.g. "600s × epochs 20/10")
 */
public record Estimate(Duration duration, String basis) {
}
