package dev.drover.gpu.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How an agent runs, beyond the shared daemon options.
 *
 * @param providerName      this agent's provider row name (kept across restarts: the row is upserted by name)
 * @param host              the host name stored on the provider row
 * @param pricePerHour      what a job on this agent costs per GPU-hour of wall time
 * @param nvidiaSmi         the nvidia-smi binary
 * @param concurrency       jobs run at once
 * @param heartbeatInterval how often the provider row is stamped
 * @param heartbeatTtl      a provider silent this long is dead: the reaper re-queues its RUNNING jobs
 * @param relayAge          a PENDING row this old was probably never enqueued: the relay enqueues it
 * @param metricsInterval   GPU sampling period during a job
 * @param cancelPoll        how often a running job checks for a cancel request
 * @param lockDuration      queue lock of a running job; a killed agent's job runs again after about this long
 * @param stalledInterval   how often the queue's stalled check runs
 * @param killGrace         SIGTERM → SIGKILL grace when a job is cancelled or times out
 */
public record AgentSettings(String providerName, String host, BigDecimal pricePerHour, String nvidiaSmi,
                            int concurrency, Duration heartbeatInterval, Duration heartbeatTtl, Duration relayAge,
                            Duration metricsInterval, Duration cancelPoll, Duration lockDuration,
                            Duration stalledInterval, Duration killGrace) {

    public AgentSettings {
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(pricePerHour, "pricePerHour");
        if (pricePerHour.signum() < 0) {
            throw new IllegalArgumentException("price per hour must be >= 0, got " + pricePerHour);
        }
        if (heartbeatTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            // one late heartbeat must not get a live agent's jobs re-queued
            throw new IllegalArgumentException("heartbeat TTL must be at least twice the heartbeat interval");
        }
    }
}
