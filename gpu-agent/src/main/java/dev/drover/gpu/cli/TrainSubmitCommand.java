package dev.drover.gpu.cli;

import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.SubmitRefusedException;
import dev.drover.gpu.images.SubmittedTraining;
import dev.drover.gpu.images.TrainRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gpu-agent train submit --user U --name N --gpu-model M --image URL... -- COMMAND [ARGS...]}: creates the
 * model (status training) and its GPU training job (credits reserved), enqueues {@code train-model}; prints the model
 * id. The command runs with {@code TRAINING_IMAGES_DIR} and {@code OUTPUT_DIR} set and must write
 * {@code $OUTPUT_DIR/model.bin}.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Train a model on a GPU.")
public final class TrainSubmitCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--user", required = true, description = "User id or e-mail.")
    String user;

    @Option(names = "--name", required = true, description = "The model's name.")
    String name;

    @Option(names = "--gpu-model", required = true, description = "GPU model to train on, as nvidia-smi names it.")
    String gpuModel;

    @Option(names = "--image", paramLabel = "<url>", description = "Training image URL (https, public addresses only; see the agent's fetch rules); repeatable.")
    List<String> images = new ArrayList<>();

    @Mixin
    JobLimitOptions limits;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The training command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            JobRequest job = new JobRequest(c.userId(user), JobType.training, gpuModel, 1, SubmitCommand.typed(limits.params),
                    command.get(0), command.subList(1, command.size()), limits.env, null, limits.timeLimit, limits.maxPrice);
            SubmittedTraining t = c.images.submitTraining(new TrainRequest(name, images, job));
            System.out.println(t.modelId());
            System.err.println("submitted model " + t.modelId() + ": training job " + t.job().id() + ", reserved "
                    + t.job().reserved().toPlainString() + " credits, time limit " + t.job().timeLimit().toSeconds() + "s");
            return 0;
        } catch (SubmitRefusedException | IllegalArgumentException e) {
            System.err.println("gpu-agent train submit: refused: " + e.getMessage());
            return 1;
        }
    }
}
