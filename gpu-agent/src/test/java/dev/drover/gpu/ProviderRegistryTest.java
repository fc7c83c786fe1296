package dev.drover.gpu;

import dev.drover.testing.ManualClock;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.SubmittedJob;
import dev.drover.gpu.nvidia.GpuInfo;
import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.gpu.provider.ProviderRegistry.OrphanedJob;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ProviderRegistryTest {

    private static final String A100 = "NVIDIA A100-SXM4-80GB";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void registeringTwiceKeepsOneRowAndAGpulessAgentOffersNoModel(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        ProviderRegistry registry = new ProviderRegistry(dsl, clock);
        GpuProbe.Result probe = new GpuProbe.Result(List.of(new GpuInfo(0, "GPU-1", A100, 81920)), "found 1");

        UUID first = registry.register("host-a", "10.0.0.1", probe, new BigDecimal("2.5"));
        UUID again = registry.register("host-a", "10.0.0.2", probe, new BigDecimal("3"));
        UUID bare = registry.register("host-b", "10.0.0.3", new GpuProbe.Result(List.of(), "no GPU"), BigDecimal.ONE);

        assertThat(again).isEqualTo(first);
        var row = dsl.selectFrom(PROVIDERS).where(PROVIDERS.ID.eq(first)).fetchOne();
        assertThat(row.getGpuModel()).isEqualTo(A100);
        assertThat(row.getPricePerHour()).isEqualByComparingTo("3");
        assertThat(row.getGpus().data()).contains("GPU-1");
        assertThat(dsl.selectFrom(PROVIDERS).where(PROVIDERS.ID.eq(bare)).fetchOne().getGpuCount()).isZero();
    }

    @Test
    void theReaperFindsRunningJobsOfProvidersWhoseHeartbeatExpired(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        ProviderRegistry registry = new ProviderRegistry(dsl, clock);
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);
        GpuProbe.Result probe = new GpuProbe.Result(List.of(new GpuInfo(0, "GPU-1", A100, 81920)), "found 1");
        UUID dead = registry.register("dead", "h1", probe, BigDecimal.ONE);
        UUID alive = registry.register("alive", "h2", probe, BigDecimal.ONE);
        UUID user = GpuRows.user(dsl, "100");
        SubmittedJob j1 = ledger.submit(JobRequest.training(user, A100, Duration.ofHours(1), "x"));
        SubmittedJob j2 = ledger.submit(JobRequest.training(user, A100, Duration.ofHours(1), "x"));
        ledger.start(j1.id(), dead);
        ledger.start(j2.id(), alive);

        clock.advance(Duration.ofSeconds(45));
        registry.heartbeat(alive);

        assertThat(registry.orphanedJobs(Duration.ofSeconds(30))).extracting(OrphanedJob::jobId, OrphanedJob::queueJobId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(j1.id(), j1.id().toString()));
    }
}
