package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.PHOTOS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.generated.gpu.enums.ImageBatchStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.ImageBatchesRecord;
import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.images.GeminiClient;
import dev.drover.gpu.images.GeminiConfig;
import dev.drover.gpu.images.GenerateImagesJob;
import dev.drover.gpu.images.ImageBatches;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.sim.gemini.GeminiSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class GenerateImagesJobTest {

    @Test
    void failedImagesAreRefundedAndTheRestStored(TestDatabase db, @TempDir Path storage) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "10");
        ImageBatches batches = new ImageBatches(dsl, InstantSource.system());

        try (GeminiSimulator sim = GeminiSimulator.start("key-1");
             ImageServer refs = ImageServer.http().image("/ref.png", "image/png", ImageServer.PNG)) {
            long batch = batches.create(user, null, "a portrait", "1:1", List.of(refs.url("/ref.png")), 4,
                    new BigDecimal("0.5"));
            sim.failWhenPromptContains("variation 2 of 4", 400, Integer.MAX_VALUE)
                    .failWhenPromptContains("variation 3 of 4", 429, 1)
                    .failWhenPromptContains("variation 1 of 4", 503, 1)
                    .textOnlyWhenPromptContains("variation 4 of 4");
            ImageBatchesRecord done = job(dsl, sim, storage).run(batch);

            assertThat(done.getStatus()).isEqualTo(ImageBatchStatus.completed);
            assertThat(done.getCompletedImages()).isEqualTo(2);
            assertThat(done.getFailedImages()).isEqualTo(2);
            assertThat(dsl.select(PHOTOS.IMAGE_INDEX).from(PHOTOS).orderBy(PHOTOS.IMAGE_INDEX).fetch(PHOTOS.IMAGE_INDEX)).containsExactly(0, 2);
            assertThat(storage.resolve("batches/" + batch + "/0.png")).exists();
            // the 503 and the 429 were retried, the 400 and the text-only answer were not
            assertThat(sim.requestCount("variation 1 of 4")).isEqualTo(2);
            assertThat(sim.requestCount("variation 2 of 4")).isEqualTo(1);
            assertThat(sim.requests()).allSatisfy(r -> assertThat(r.inlineImages()).isEqualTo(1));
            assertThat(sim.requests().get(0).model()).isEqualTo("gemini-2.5-flash-image");

            ImageBatchesRecord again = job(dsl, sim, storage).run(batch);
            assertThat(again.getCompletedImages()).isEqualTo(2);
            assertThat(leg(dsl, batch, TransactionType.DEBIT)).isEqualByComparingTo("2.0");
            assertThat(leg(dsl, batch, TransactionType.REFUND)).isEqualByComparingTo("1.0");
            assertThat(leg(dsl, batch, TransactionType.PLATFORM_FEE)).isEqualByComparingTo("1.0");
        }
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("9.0");
        assertThat(GpuRows.ledgerBalance(dsl, user)).isEqualByComparingTo("9.0");
    }

    @Test
    void aBatchFailsOnlyWhenEveryImageFailsAndIsThenRefundedInFull(TestDatabase db, @TempDir Path storage) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "10");
        ImageBatches batches = new ImageBatches(dsl, InstantSource.system());
        long batch = batches.create(user, null, "forbidden", "16:9", List.of(), 2, new BigDecimal("1.25"));

        try (GeminiSimulator sim = GeminiSimulator.start("key-1")) {
            sim.failWhenPromptContains("forbidden", 500, Integer.MAX_VALUE);
            ImageBatchesRecord done = job(dsl, sim, storage).run(batch);

            assertThat(done.getStatus()).isEqualTo(ImageBatchStatus.failed);
            assertThat(done.getError()).contains("500");
        }
        assertThat(leg(dsl, batch, TransactionType.REFUND)).isEqualByComparingTo("2.5");
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("10");
    }

    @Test
    void aRefusedReferenceFailsTheBatchAtOnceWithItsReasonAndRefundsEveryImage(TestDatabase db, @TempDir Path storage)
            throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "10");
        ImageBatches batches = new ImageBatches(dsl, InstantSource.system());

        try (GeminiSimulator sim = GeminiSimulator.start("key-1");
             ImageServer refs = ImageServer.http().image("/ok.png", "image/png", ImageServer.PNG)) {
            long batch = batches.create(user, null, "a portrait", "1:1",
                    List.of(refs.url("/ok.png"), "file:///proc/self/environ"), 3, new BigDecimal("2"));
            ImageBatchesRecord done = job(dsl, sim, storage).run(batch);

            assertThat(done.getStatus()).isEqualTo(ImageBatchStatus.failed);
            assertThat(done.getFailedImages()).isEqualTo(3);
            assertThat(done.getError()).isEqualTo("reference image 2 refused: file:///proc/self/environ: scheme 'file'"
                    + " is not allowed, only https");
            assertThat(sim.requests()).isEmpty();
            assertThat(leg(dsl, batch, TransactionType.REFUND)).isEqualByComparingTo("6");
        }
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("10").isEqualByComparingTo(GpuRows.ledgerBalance(dsl, user));
    }

    /** Loopback image servers are allowed, over plain http: the explicit opt-in a local setup makes. */
    private static GenerateImagesJob job(DSLContext dsl, GeminiSimulator sim, Path storage) {
        GeminiConfig cfg = GeminiConfig.fromEnv(Map.of("GEMINI_BASE_URL", sim.baseUrl(), "GEMINI_API_KEY", sim.apiKey()))
                .withRetry(3, Duration.ofMillis(20));
        return new GenerateImagesJob(new ImageBatches(dsl, InstantSource.system()), new GeminiClient(cfg),
                new ImageFetcher(FetchRules.of(true, List.of("127.0.0.1"))), storage);
    }

    private static BigDecimal leg(DSLContext dsl, long batch, TransactionType type) {
        BigDecimal v = dsl.select(TRANSACTIONS.AMOUNT).from(TRANSACTIONS)
                .where(TRANSACTIONS.IMAGE_BATCH_ID.eq(batch).and(TRANSACTIONS.TYPE.eq(type))).fetchOne(TRANSACTIONS.AMOUNT);
        return v == null ? BigDecimal.ZERO : v;
    }
}
