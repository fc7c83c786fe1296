package dev.drover.gpu.provider;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.ProviderStatus;
import dev.drover.gpu.nvidia.GpuProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * An agent's row in {@code gpu.providers}: {@link #register} upserts it by name (an agent keeps its id across
 * restarts), {@link #heartbeat} proves it is alive, {@link #goOffline} ends it. {@link #orphanedJobs} is the
 * reaper's query: RUNNING jobs whose provider has not heartbeated within the TTL, which the queue glue re-queues.
 */
public final class ProviderRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final InstantSource clock;

    public ProviderRegistry(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Registers (or re-registers) this agent as ONLINE with what the probe found; a probe without GPUs registers
     * gpu_model null and gpu_count 0, so no job is ever routed to it. Returns the provider id.
     */
    public UUID register(String name, String host, GpuProbe.Result probe, BigDecimal pricePerHour) {
        OffsetDateTime now = now();
        JSONB gpus = gpusJson(probe);
        return dsl.insertInto(PROVIDERS)
                .set(PROVIDERS.NAME, name).set(PROVIDERS.HOST, host)
                .set(PROVIDERS.STATUS, ProviderStatus.ONLINE)
                .set(PROVIDERS.GPU_MODEL, probe.gpuModel()).set(PROVIDERS.GPU_COUNT, probe.gpus().size())
                .set(PROVIDERS.GPUS, gpus).set(PROVIDERS.PRICE_PER_HOUR, pricePerHour)
                .set(PROVIDERS.LAST_HEARTBEAT, now)
                .onConflict(PROVIDERS.NAME).doUpdate()
                .set(PROVIDERS.HOST, host).set(PROVIDERS.STATUS, ProviderStatus.ONLINE)
                .set(PROVIDERS.GPU_MODEL, probe.gpuModel()).set(PROVIDERS.GPU_COUNT, probe.gpus().size())
                .set(PROVIDERS.GPUS, gpus).set(PROVIDERS.PRICE_PER_HOUR, pricePerHour)
                .set(PROVIDERS.LAST_HEARTBEAT, now).set(PROVIDERS.UPDATED_AT, now)
                .returning(PROVIDERS.ID)
                .fetchOne(PROVIDERS.ID);
    }

    /** Stamps the heartbeat; false when the row is gone (an operator deleted it), which should stop the agent. */
    public boolean heartbeat(UUID providerId) {
        return dsl.update(PROVIDERS).set(PROVIDERS.LAST_HEARTBEAT, now())
                .where(PROVIDERS.ID.eq(providerId)).execute() == 1;
    }

    /** DRAINING while it finishes running jobs at shutdown, OFFLINE when it is gone. */
    public void setStatus(UUID providerId, ProviderStatus status) {
        dsl.update(PROVIDERS).set(PROVIDERS.STATUS, status).set(PROVIDERS.UPDATED_AT, now())
                .where(PROVIDERS.ID.eq(providerId)).execute();
    }

    public void goOffline(UUID providerId) {
        setStatus(providerId, ProviderStatus.OFFLINE);
    }

    /**
     * RUNNING jobs of providers whose last heartbeat is older than {@code ttl} (or missing): their agent died
     * mid-job. The caller re-queues them (the queue's stalled check does the same for the queue side); the ledger
     * charges only the run that finishes.
     */
    public List<OrphanedJob> orphanedJobs(Duration ttl) {
        OffsetDateTime cutoff = now().minus(ttl);
        return dsl.select(JOBS.ID, JOBS.PROVIDER_ID, JOBS.GPU_MODEL, JOBS.QUEUE_JOB_ID, PROVIDERS.LAST_HEARTBEAT)
                .from(JOBS).join(PROVIDERS).on(PROVIDERS.ID.eq(JOBS.PROVIDER_ID))
                .where(JOBS.STATUS.eq(JobStatus.RUNNING)
                        .and(PROVIDERS.LAST_HEARTBEAT.isNull().or(PROVIDERS.LAST_HEARTBEAT.lt(cutoff))))
                .orderBy(JOBS.STARTED_AT)
                .fetch(r -> new OrphanedJob(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The most GPUs any registered provider of {@code gpuModel} has (0 when none): the largest job it can run. */
    public int mostGpus(String gpuModel) {
        Integer most = dsl.select(DSL.max(PROVIDERS.GPU_COUNT)).from(PROVIDERS).where(PROVIDERS.GPU_MODEL.eq(gpuModel))
                .fetchOne(0, Integer.class);
        return most == null ? 0 : most;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static JSONB gpusJson(GpuProbe.Result probe) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(probe.gpus()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A RUNNING job whose agent stopped heartbeating. */
    public record OrphanedJob(UUID jobId, UUID providerId, String gpuModel, String queueJobId, OffsetDateTime lastHeartbeat) {
    }
}
