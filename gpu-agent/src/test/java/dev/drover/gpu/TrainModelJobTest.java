package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.gpu.images.TrainModelJob;
import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
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
        try (ImageServer images = ImageServer.http().image("/a.png", "image/png", ImageServer.PNG)
                .image("/b.jpg", "image/jpeg", ImageServer.JPEG)) {
            long ok = model(dsl, user, images.url("/a.png"), images.url("/b.jpg"));
            long bad = model(dsl, user, images.url("/a.png"));
            long refused = model(dsl, user, images.url("/a.png"), "https://169.254.169.254/latest/meta-data/");
            TrainModelJob job = job(dsl, tmp);
            LinesSink log = new LinesSink();

            TrainedModelsRecord ready = job.run(ok, ProcessSpec.of("sh", "-c", "n=$(ls \"$TRAINING_IMAGES_DIR\" | wc -l);"
                    + " echo trained on $n; echo weights > \"$OUTPUT_DIR/model.bin\""), dir(tmp, "w1"), log);
            TrainedModelsRecord failed = job.run(bad, ProcessSpec.of("sh", "-c", "exit 2"), dir(tmp, "w2"), log);
            TrainedModelsRecord notFetched = job.run(refused, ProcessSpec.of("true"), dir(tmp, "w3"), log);

            assertThat(ready.getStatus()).isEqualTo(TrainedModelStatus.ready);
            assertThat(tmp.resolve("storage").resolve(ready.getArtifactPath())).hasContent("weights");
            assertThat(log.messages(dev.drover.gpu.process.LogLevel.INFO)).contains("trained on 2");
            assertThat(failed.getStatus()).isEqualTo(TrainedModelStatus.failed);
            assertThat(failed.getError()).isEqualTo("process exited with code 2");
            assertThat(notFetched.getStatus()).isEqualTo(TrainedModelStatus.failed);
            assertThat(notFetched.getError()).startsWith("training image 2 refused: https://169.254.169.254/latest/meta-data/")
                    .contains("link-local");
        }
    }

    @Test
    void anArtifactThatIsALinkToTheAgentsFilesIsNotCopied(TestDatabase db, @TempDir Path tmp) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        Path secret = Files.writeString(tmp.resolve("agent.env"), "DATABASE_URL=postgres://u:hunter2@db/x");
        long id = model(dsl, GpuRows.user(dsl, "0"));

        TrainedModelsRecord m = job(dsl, tmp).run(id, ProcessSpec.of("ln", "-s", secret.toString(),
                "output/model.bin"), dir(tmp, "w"), new LinesSink());

        assertThat(m.getStatus()).isEqualTo(TrainedModelStatus.failed);
        assertThat(m.getError()).isEqualTo("training wrote no model.bin (a regular file)");
        assertThat(tmp.resolve("storage/models")).doesNotExist();
    }

    private static TrainModelJob job(DSLContext dsl, Path tmp) {
        return new TrainModelJob(dsl, new ProcessRunner(), new ImageFetcher(FetchRules.of(true, List.of("127.0.0.1"))),
                tmp.resolve("storage"), InstantSource.system(), null);
    }

    private static Path dir(Path tmp, String name) throws Exception {
        return JobDirs.open(tmp.resolve("jobs-" + name), null).create(UUID.randomUUID());
    }

    private static long model(DSLContext dsl, UUID user, String... urls) {
        return dsl.insertInto(TRAINED_MODELS).set(TRAINED_MODELS.USER_ID, user).set(TRAINED_MODELS.NAME, "m")
                .set(TRAINED_MODELS.TRAINING_IMAGE_URLS, urls).returning(TRAINED_MODELS.ID).fetchOne(TRAINED_MODELS.ID);
    }
}
