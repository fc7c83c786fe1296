package dev.drover.gpu.agent;

import static dev.drover.db.generated.gpu.Tables.JOBS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.ProviderStatus;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.gpu.provider.ProviderRegistry.OrphanedJob;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the RUNNING jobs of providers whose heartbeat expired (their agent died mid-job): each goes back to
 * QUEUED and is made deliverable again ({@code GpuJobs.requeue}); the dead provider is marked OFFLINE. Any agent
 * may run it; the conditional update makes two reapers, or a reaper racing the job's new agent, harmless. The
 * ledger charges only the run that finishes.
 */
final class Reaper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    private final DSLContext dsl;
    private final ProviderRegistry registry;
    private final GpuJobs jobs;
    private final Duration ttl;
    private final InstantSource clock;

    Reaper(DSLContext dsl, ProviderRegistry registry, GpuJobs jobs, Duration ttl, InstantSource clock) {
        this.dsl = dsl;
        this.registry = registry;
        this.jobs = jobs;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public void run() {
        for (OrphanedJob orphan : registry.orphanedJobs(ttl)) {
            int taken = dsl.update(JOBS).set(JOBS.STATUS, JobStatus.QUEUED)
                    .set(JOBS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(JOBS.ID.eq(orphan.jobId()).and(JOBS.STATUS.eq(JobStatus.RUNNING))
                            .and(JOBS.PROVIDER_ID.eq(orphan.providerId())))
                    .execute();
            if (taken == 1) {
                registry.setStatus(orphan.providerId(), ProviderStatus.OFFLINE);
                jobs.requeue(orphan.jobId(), orphan.gpuModel());
                log.warn("reaper: job {} was RUNNING on provider {} (last heartbeat {}); re-queued", orphan.jobId(),
                        orphan.providerId(), orphan.lastHeartbeat());
            }
        }
    }

}
