package dev.drover.queue.internal;

import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Several {@link Telemetry}s as one: each hook goes to every part in order; wrapping hooks nest (the first part is
 * outermost). An add stores the first trace context any part offers.
 */
public final class TelemetryChain implements Telemetry {

    private final List<Telemetry> parts;

    private TelemetryChain(List<Telemetry> parts) {
        this.parts = parts;
    }

    public static Telemetry of(List<Telemetry> parts) {
        List<Telemetry> real = parts.stream().filter(p -> p != Telemetry.NONE).toList();
        return real.isEmpty() ? Telemetry.NONE : real.size() == 1 ? real.get(0) : new TelemetryChain(real);
    }

    @Override
    public List<String> add(String operation, String queue, List<String> jobNames,
                            Function<String, List<String>> add) {
        return add(0, null, operation, queue, jobNames, add);
    }

    private List<String> add(int i, String context, String operation, String queue, List<String> jobNames,
                             Function<String, List<String>> add) {
        if (i == parts.size()) {
            return add.apply(context);
        }
        return parts.get(i).add(operation, queue, jobNames,
                offered -> add(i + 1, context != null ? context : offered, operation, queue, jobNames, add));
    }

    @Override
    public Object process(String queue, Job job, Processor processor) throws Exception {
        Processor inner = processor;
        for (int i = parts.size() - 1; i >= 0; i--) {
            Telemetry part = parts.get(i);
            Processor next = inner;
            inner = j -> part.process(queue, j, next);
        }
        return inner.process(job);
    }

    @Override
    public void attemptEnded(String queue, Job job, Outcome outcome, Duration processing) {
        parts.forEach(p -> p.attemptEnded(queue, job, outcome, processing));
    }

    @Override
    public void jobsStalled(String queue, int count) {
        parts.forEach(p -> p.jobsStalled(queue, count));
    }

    @Override
    public void lockRenewalsFailed(String queue, int count) {
        parts.forEach(p -> p.lockRenewalsFailed(queue, count));
    }

    @Override
    public String toString() {
        return "Telemetry.of" + parts;
    }
}
