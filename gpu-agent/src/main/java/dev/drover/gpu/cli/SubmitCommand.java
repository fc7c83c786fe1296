package dev.drover.gpu.cli;

import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.SubmitRefusedException;
import dev.drover.gpu.billing.SubmittedJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gpu-agent submit --user U --type T --gpu-model M [...] -- COMMAND [ARGS...]}: reserves credits, enqueues,
 * prints the job id. Credits short or no price: one line, exit 1, nothing written.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a GPU job.")
public final class SubmitCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--user", required = true, description = "User id or e-mail.")
    String user;

    @Option(names = "--type", required = true, description = "training, inference or image_generation.")
    JobType type;

    @Option(names = "--gpu-model", required = true, description = "GPU model the job needs, as nvidia-smi names it.")
    String gpuModel;

    @Option(names = "--gpu-count", defaultValue = "1", description = "GPUs needed.")
    int gpuCount;

    @Mixin
    JobLimitOptions limits;

    @Option(names = "--working-dir", description = "Working directory on the agent.")
    String workingDir;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            JobRequest request = new JobRequest(c.userId(user), type, gpuModel, gpuCount, typed(limits.params),
                    command.get(0), command.subList(1, command.size()), limits.env, workingDir, limits.timeLimit, limits.maxPrice);
            SubmittedJob job = c.jobs.submit(request);
            System.out.println(job.id());
            System.err.println("submitted " + job.id() + ": reserved " + job.reserved().toPlainString()
                    + " credits, time limit " + job.timeLimit().toSeconds() + "s");
            return 0;
        } catch (SubmitRefusedException | IllegalArgumentException e) {
            System.err.println("gpu-agent submit: refused: " + e.getMessage());
            return 1;
        }
    }

    // the estimator scales by numeric epochs / datasetSize / resolution, so numbers travel as numbers
    static Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, v.matches("-?\\d+") ? (Object) Long.parseLong(v) : v));
        return out;
    }
}
