package dev.drover.spring;

import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The application's {@link Queue}s by name: {@code queues.get("emails").add("welcome", data)}. Each queue is
 * opened once, on first use, with the application's {@link QueueOptions} and {@code drover.job-defaults}, and closed
 * with the context. {@link DroverQueue @DroverQueue} beans come from here too.
 */
public class Queues implements AutoCloseable {

    private final QueueOptions options;
    private final JobOptions defaults;
    private final List<Consumer<Queue>> onOpen;
    private final Map<String, Queue> open = new ConcurrentSkipListMap<>();

    public Queues(QueueOptions options, JobOptions defaults, List<Consumer<Queue>> onOpen) {
        this.options = options;
        this.defaults = defaults;
        this.onOpen = List.copyOf(onOpen);
    }

    /** The queue named {@code name}, opened on first use. */
    public Queue get(String name) {
        return open.computeIfAbsent(name, n -> {
            Queue q = new Queue(n, options, defaults);
            onOpen.forEach(c -> c.accept(q));
            return q;
        });
    }

    /** The queues opened so far, by name. */
    public Map<String, Queue> opened() {
        return Map.copyOf(open);
    }

    public QueueOptions options() {
        return options;
    }

    @Override
    public void close() {
        open.values().forEach(Queue::close);
        open.clear();
    }
}
