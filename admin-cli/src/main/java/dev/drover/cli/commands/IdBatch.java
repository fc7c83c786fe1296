package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.CliException;
import dev.drover.cli.ExitCode;
import dev.drover.cli.output.Output;
import dev.drover.queue.QueueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies one operation to each of several job ids, carrying on past failures: a missing job or a refusal is
 * reported on stderr (and in the JSON under {@code errors}) and makes the exit code 1; the rest still happen.
 */
final class IdBatch {

    private final Output out;
    private final String verb;
    private final List<String> done = new java.util.ArrayList<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    IdBatch(Output out, String verb) {
        this.out = out;
        this.verb = verb;
    }

    /** Runs {@code op} on each id in order; an exception for one id is recorded, not thrown. */
    IdBatch apply(List<String> ids, Consumer<String> op) {
        for (String id : ids) {
            try {
                op.accept(id);
                done.add(id);
            } catch (CliException e) {
                errors.put(id, e.getMessage());
            } catch (QueueException e) {
                if (e.kind() == QueueException.Kind.REDIS) {
                    throw e;
                }
                errors.put(id, e.getMessage());
            }
        }
        return this;
    }

    /** Prints what happened; returns 0 when every id succeeded, else 1. */
    int report() {
        if (out.json()) {
            ObjectNode o = out.object();
            ArrayNode ok = o.putArray(verb);
            done.forEach(ok::add);
            ObjectNode err = o.putObject("errors");
            errors.forEach(err::put);
            out.printJson(o);
        } else {
            done.forEach(id -> out.println(verb + " " + id));
        }
        errors.forEach((id, msg) -> out.context().err().println("drover: " + msg));
        return errors.isEmpty() ? ExitCode.OK : ExitCode.NOT_FOUND_OR_REFUSED;
    }
}
