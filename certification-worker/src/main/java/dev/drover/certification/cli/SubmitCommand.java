package dev.drover.certification.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.certification.CertificationApp;
import dev.drover.certification.batch.BatchRequest;
import dev.drover.certification.batch.InvalidBatchException;
import dev.drover.daemon.StartupException;
import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code certification-worker submit}: adds a {@code certify-batch} job, exactly as another service would, after
 * checking the request as the worker will (model ids are checked by the worker against the database). Prints the
 * queue job id, which {@code status}, {@code pause}, {@code resume} and {@code cancel} accept.
 *
 * <p>Its own options are per-call arguments and read flags only; the {@code --certification-*} spellings are kept
 * for scripts written when they also read variables of that name.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Submits a certification batch to queue 'certification'; prints its queue job id.")
public final class SubmitCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ClientOptions client;

    @Option(names = {"--type", "--certification-type"}, required = true, paramLabel = "<type>",
            description = "SINGLE_MODEL, MULTIPLE_MODELS, ALL_MODELS or RECERTIFY.")
    String type;

    @Option(names = {"--regions", "--certification-regions"}, required = true, split = ",", paramLabel = "<region>",
            description = "Comma-separated AWS regions, e.g. us-east-1,eu-west-1.")
    List<String> regions;

    @Option(names = {"--models", "--certification-models"}, split = ",", paramLabel = "<modelId>",
            description = "Comma-separated model ids (SINGLE_MODEL: one; MULTIPLE_MODELS: some; RECERTIFY: filter).")
    List<String> models = List.of();

    @Option(names = "--created-by", paramLabel = "<who>", defaultValue = "${sys:user.name}",
            description = "Recorded as the batch's creator.")
    String createdBy;

    @Option(names = {"--job-id", "--certification-job-id"}, paramLabel = "<id>",
            description = "Custom queue job id (submitting it twice adds one).")
    String jobId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode data = JSON.createObjectNode().put("type", type).put("createdBy", createdBy);
        regions.forEach(data.putArray("regions")::add);
        models.forEach(data.putArray("modelIds")::add);
        try {
            BatchRequest.parse(data);
        } catch (InvalidBatchException e) {
            throw StartupException.badConfig(e.getMessage());
        }
        JobOptions opts = JobOptions.builder().jobId(jobId).attempts(3).backoff(Backoff.exponential(1_000)).build();
        try (Queue queue = new Queue(CertificationApp.QUEUE, client.queueOptions())) {
            spec.commandLine().getOut().println(queue.add(CertificationApp.BATCH_JOB, data, opts));
        }
        return 0;
    }
}
