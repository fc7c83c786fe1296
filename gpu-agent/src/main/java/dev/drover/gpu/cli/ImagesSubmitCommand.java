package dev.drover.gpu.cli;

import dev.drover.gpu.billing.InsufficientCreditsException;
import dev.drover.gpu.images.BatchRequest;
import dev.drover.gpu.images.SubmittedBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gpu-agent images submit --user U --prompt P --count N [...]}: creates the batch and debits
 * {@code N × price} in one transaction, enqueues {@code generate-images} (job id {@code batch-<id>}), prints the batch
 * id. Credits short: one line, exit 1, nothing written.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit an image batch.")
public final class ImagesSubmitCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--user", required = true, description = "User id or e-mail.")
    String user;

    @Option(names = "--prompt", required = true, description = "The prompt.")
    String prompt;

    @Option(names = "--count", defaultValue = "1", description = "Images wanted.")
    int count;

    @Option(names = "--aspect-ratio", defaultValue = BatchRequest.DEFAULT_ASPECT_RATIO, description = "Aspect ratio, e.g. 1:1 or 16:9.")
    String aspectRatio;

    @Option(names = "--reference", paramLabel = "<url>", description = "Reference image URL (https, public addresses only; see the agent's fetch rules); repeatable.")
    List<String> references = new ArrayList<>();

    @Option(names = "--model-id", description = "The user's trained model id.")
    Long modelId;

    @Option(names = "--credits-per-image", defaultValue = "1.00", description = "Price of one image; failed images are refunded.")
    BigDecimal creditsPerImage;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            SubmittedBatch b = c.images.submitBatch(new BatchRequest(c.userId(user), modelId, prompt, aspectRatio,
                    references, count, creditsPerImage));
            System.out.println(b.batchId());
            System.err.println("submitted image batch " + b.batchId() + " (queue job " + b.queueJobId() + "): debited "
                    + b.debited().toPlainString() + " credits for " + count + " images");
            return 0;
        } catch (InsufficientCreditsException | IllegalArgumentException e) {
            System.err.println("gpu-agent images submit: refused: " + e.getMessage());
            return 1;
        }
    }
}
