package dev.drover.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.drover.queue.QueueOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM main: runs one scenario with Drover. {@code args[0]} is a {@link RunSpec} as JSON. Speaks
 * {@link ChildProtocol}; exits 0 after a clean run, 1 on failure (the message goes to stderr).
 */
public final class DroverChild {

    private DroverChild() {
    }

    public static void main(String[] args) throws Exception {
        RunSpec spec = RunSpec.fromMap(ChildProtocol.JSON.readValue(args[0], new TypeReference<Map<String, Object>>() { }));
        QueueOptions qo = QueueOptions.builder().redisUrl(spec.redisUrl()).build();
        ChildProtocol protocol = new ChildProtocol();
        ProcessProbe probe = new ProcessProbe();
        try (Trial trial = trialFor(spec, qo)) {
            trial.prepare();
            protocol.readyAndAwaitGo();
            probe.begin();
            long start = System.nanoTime();
            long jobs = trial.run();
            double elapsedMs = (System.nanoTime() - start) / 1e6;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("jobs", jobs);
            figures.put("elapsedMs", elapsedMs);
            figures.putAll(probe.end());
            figures.putAll(trial.extra());
            protocol.result(figures);
            protocol.awaitRelease();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static Trial trialFor(RunSpec spec, QueueOptions qo) {
        return switch (spec.scenario()) {
            case QUEUE_ADD -> DroverProducerTrials.singleAdds(spec, qo);
            case QUEUE_ADD_BULK -> DroverProducerTrials.bulkAdds(spec, qo);
            case WORKER_GENERIC, WORKER_CONCURRENT -> DroverWorkerTrials.drain(spec, qo);
            case LATENCY -> new DroverLatencyTrial(spec, qo);
            case MIXED -> DroverWorkerTrials.mixed(spec, qo);
        };
    }
}
