package dev.drover.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.CliException;
import dev.drover.cli.convert.BackoffConverter;
import dev.drover.cli.convert.DurationConverter;
import dev.drover.cli.output.Output;
import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover add QUEUE NAME [...]}: adds one job (creating the queue if needed) and prints its id. Data and options
 * are validated before anything reaches Redis: bad JSON or an invalid option is a usage error (exit 2).
 */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add a job; prints its id.")
public final class AddCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "QUEUE", description = "Queue name (created if new).")
    String queue;

    @Parameters(index = "1", paramLabel = "NAME", description = "Job name.")
    String name;

    @Option(names = "--data", paramLabel = "JSON|@FILE", description = "Job data as JSON, or @FILE to read it from a file (default: {}).")
    String data;

    @Option(names = "--delay", paramLabel = "MS", converter = DurationConverter.class,
            description = "Run no sooner than this (milliseconds, or 30s, 5m...).")
    Duration delay;

    @Option(names = "--priority", paramLabel = "N", description = "1 (highest) .. 2097151 (lowest); 0 = none.")
    int priority;

    @Option(names = "--attempts", paramLabel = "N", description = "Total tries before the job fails for good.")
    int attempts;

    @Option(names = "--backoff", paramLabel = "fixed:MS|exponential:MS", converter = BackoffConverter.class,
            description = "Wait between tries.")
    Backoff backoff;

    @Option(names = "--job-id", paramLabel = "ID", description = "Custom job id (adding an existing id changes nothing).")
    String jobId;

    @Option(names = "--lifo", description = "Run before older waiting jobs.")
    boolean lifo;

    @Option(names = "--wait-replicas", paramLabel = "N",
            description = "Return only after N replicas confirm the job (Redis WAIT); exit 1 if fewer do in time. "
                    + "Default 0: return once the master has it.")
    int waitReplicas;

    @Option(names = "--wait-timeout", paramLabel = "MS", converter = DurationConverter.class,
            description = "How long --wait-replicas waits (default: 1000 ms).")
    Duration waitTimeout = QueueOptions.DEFAULT_WAIT_TIMEOUT;

    @Override
    protected int run(QueueAdmin admin) {
        JsonNode payload = payload();
        JobOptions opts = options();
        String id = waitReplicas == 0 ? admin.withQueue(queue, q -> q.add(name, payload, opts))
                : addDurably(payload, opts);
        if (out().json()) {
            out().printJson(Output.mapper().createObjectNode().put("id", id).put("queue", queue).put("name", name));
        } else {
            out().println(id);
        }
        return 0;
    }

    /** Adds through a queue whose adds WAIT for the replicas; a shortfall is an error naming the job (exit 1). */
    private String addDurably(JsonNode payload, JobOptions opts) {
        QueueOptions qo;
        try {
            qo = root().queueOptions().toBuilder().waitForReplicas(waitReplicas, waitTimeout).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (Queue q = new Queue(queue, qo)) {
            return q.add(name, payload, opts);
        }
    }

    private JobOptions options() {
        try {
            return JobOptions.builder().jobId(jobId).delay(delay == null ? 0 : delay.toMillis()).priority(priority)
                    .attempts(attempts).backoff(backoff).lifo(lifo).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private JsonNode payload() {
        if (data == null) {
            return Output.mapper().createObjectNode();
        }
        String text = data.startsWith("@") ? read(data.substring(1)) : data;
        try {
            JsonNode node = Output.mapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw usage("--data is empty; give a JSON value such as {} or {\"key\":1}");
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw usage("--data is not valid JSON: " + e.getOriginalMessage() + at + "; nothing was added");
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage("cannot read --data file '" + file + "': " + e);
        }
    }
}
