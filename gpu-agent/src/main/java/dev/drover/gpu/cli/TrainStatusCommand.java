package dev.drover.gpu.cli;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import dev.drover.db.Database;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpu-agent train status ID}: the model's state, artifact and training job ({@code status JOB} for its bill). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a trained model.")
public final class TrainStatusCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Parameters(paramLabel = "ID", description = "The model id.")
    long id;

    @Override
    public Integer call() {
        try (Database db = database.open()) {
            Optional<TrainedModelsRecord> model = db.dsl().selectFrom(TRAINED_MODELS).where(TRAINED_MODELS.ID.eq(id))
                    .fetchOptional();
            if (model.isEmpty()) {
                System.err.println("gpu-agent train status: no model with id " + id);
                return 1;
            }
            TrainedModelsRecord m = model.get();
            System.out.printf("id: %d%nname: %s%nstatus: %s%njob: %s%nartifact: %s%nerror: %s%nready at: %s%n",
                    m.getId(), m.getName(), m.getStatus().getLiteral(), m.getJobId(), m.getArtifactPath(), m.getError(),
                    m.getReadyAt());
            return 0;
        }
    }
}
