package dev.drover.spring;

import dev.drover.queue.Processor;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The application's {@link DroverWorker @DroverWorker} workers, run with the context's lifecycle: started once the
 * context has refreshed (after the web server, in the last phase), stopped first on shutdown: each stops fetching,
 * lets running jobs finish for {@code drover.worker.shutdown-timeout}, and gives the rest back to the queue for other
 * workers, all workers at once, within Spring's shutdown phase.
 */
public class DroverWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DroverWorkers.class);

    /** A worker to run: its queue, processor and options. */
    record Spec(String queue, Processor processor, WorkerOptions options, String source) {
    }

    private final QueueOptions queueOptions;
    private final Duration shutdownTimeout;
    private final boolean autoStartup;
    private final Map<String, Spec> specs = new ConcurrentSkipListMap<>();
    private final Map<String, Worker> running = new ConcurrentSkipListMap<>();
    private volatile boolean started;

    public DroverWorkers(QueueOptions queueOptions, Duration shutdownTimeout, boolean autoStartup) {
        this.queueOptions = queueOptions;
        this.shutdownTimeout = shutdownTimeout;
        this.autoStartup = autoStartup;
    }

    void add(Spec spec) {
        Spec before = specs.putIfAbsent(spec.queue(), spec);
        if (before != null) {
            throw new IllegalStateException("queue " + spec.queue() + " has two @DroverWorker methods: "
                    + before.source() + " and " + spec.source());
        }
    }

    @Override
    public synchronized void start() {
        specs.forEach((queue, s) -> {
            running.put(queue, new Worker(queue, s.processor(), s.options(), queueOptions).start());
            log.info("drover worker for queue {} started ({}, concurrency {})", queue, s.source(),
                    s.options().concurrency());
        });
        started = true;
    }

    @Override
    public synchronized void stop() {
        List<Thread> closing = new ArrayList<>();
        running.forEach((queue, w) -> closing.add(Thread.ofVirtual().name("drover-stop-" + queue)
                .start(() -> w.close(shutdownTimeout))));
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.clear();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The running workers by queue name (empty before start and after stop). */
    public Map<String, Worker> workers() {
        return Map.copyOf(running);
    }

    /** The queues that have a @DroverWorker. */
    public List<String> queues() {
        return List.copyOf(specs.keySet());
    }
}
