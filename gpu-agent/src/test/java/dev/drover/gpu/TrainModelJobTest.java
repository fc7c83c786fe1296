package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.gpu.images.TrainModelJob;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class TrainModelJobTest {

    @Test
    void trainsOnTheDownloadedImagesStoresTheArtifactAndMarksTheModelReady(TestDatabase db, @TempDir Path tmp) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "0");
        Path a = Files.writeString(tmp.resolve("a.png"), "A");
        Path b = Files.writeString(tmp.resolve("b.jpg"), "B");
        long ok = model(dsl, user, a.toUri().toString(), b.toUri().toString());
        long bad = model(dsl, user, a.toUri().toString());
        TrainModelJob job = new TrainModelJob(dsl, new ProcessRunner(), new ImageFetcher(), tmp.resolve("storage"), InstantSource.system());
        LinesSink log = new LinesSink();

        TrainedModelsRecord ready = job.run(ok, ProcessSpec.of("sh", "-c",
                "n=$(ls \"$TRAINING_IMAGES_DIR\" | wc -l); echo trained on $n; echo weights > \"$OUTPUT_DIR/model.bin\""), tmp.resolve("w1"), log);
        TrainedModelsRecord failed = job.run(bad, ProcessSpec.of("sh", "-c", "exit 2"), tmp.resolve("w2"), log);

        assertThat(ready.getStatus()).isEqualTo(TrainedModelStatus.ready);
        assertThat(tmp.resolve("storage").resolve(ready.getArtifactPath())).hasContent("weights");
        assertThat(log.messages(dev.drover.gpu.process.LogLevel.INFO)).contains("trained on 2");
        assertThat(failed.getStatus()).isEqualTo(TrainedModelStatus.failed);
        assertThat(failed.getError()).isEqualTo("process exited with code 2");
    }

    private static long model(DSLContext dsl, UUID user, String... urls) {
        return dsl.insertInto(TRAINED_MODELS).set(TRAINED_MODELS.USER_ID, user).set(TRAINED_MODELS.NAME, "m")
                .set(TRAINED_MODELS.TRAINING_IMAGE_URLS, urls).returning(TRAINED_MODELS.ID).fetchOne(TRAINED_MODELS.ID);
    }
}
