package dev.drover.daemon;

import dev.drover.queue.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a daemon once, in order:
 * <ol>
 *   <li>all workers at once: stop fetching, wait up to the timeout for running jobs, release the rest to wait (they
 *       run again elsewhere; it is worse to lose a job than to run it twice);</li>
 *   <li>the registered resources, newest first (so the HTTP server and the pools, registered first, go last).</li>
 * </ol>
 * The first SIGTERM (or SIGINT) requests the stop; a second one cuts the wait short: running jobs are released now.
 * Signals are taken with {@code sun.misc.Signal} because a JVM shutdown hook cannot see a second signal; a hook
 * remains as the fallback for other exits.
 */
final class Shutdown {

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
    /** Worker.close bounds itself by the timeout plus its own grace; past this margin the closers are interrupted. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(15);

    private final Duration timeout;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Thread> closers = new CopyOnWriteArrayList<>();
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger signals = new AtomicInteger();

    Shutdown(Duration timeout) {
        this.timeout = timeout;
    }

    void addWorker(Worker worker) {
        workers.add(worker);
    }

    synchronized void addResource(AutoCloseable resource) {
        resources.push(resource);
    }

    boolean isStopping() {
        return started.get() || requested.getCount() == 0;
    }

    /** Routes SIGTERM and SIGINT here and adds the fallback hook. */
    void installSignalHandlers() {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onSignal("SIG" + name));
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} ({}); relying on the JVM shutdown hook", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::run, "drover-shutdown-hook"));
    }

    void onSignal(String name) {
        if (signals.incrementAndGet() == 1) {
            log.info("{}: stopping; running jobs get {} to finish (send it again to release them now)", name, timeout);
            requested.countDown();
        } else {
            log.warn("{} again: releasing running jobs now", name);
            hardStop();
        }
    }

    void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /** Runs the stop once; a concurrent caller waits until it is done. */
    void run() {
        if (!started.compareAndSet(false, true)) {
            awaitDone();
            return;
        }
        requested.countDown();
        try {
            closeWorkers();
            closeResources();
        } finally {
            done.countDown();
        }
    }

    /** Interrupts the worker closers: each releases its running jobs at once. */
    void hardStop() {
        closers.forEach(Thread::interrupt);
    }

    private void closeWorkers() {
        for (Worker w : workers) {
            closers.add(Thread.ofPlatform().name("drover-close-" + closers.size()).start(() -> w.close(timeout)));
        }
        long deadline = System.nanoTime() + timeout.plus(CLOSE_MARGIN).toNanos();
        for (Thread t : closers) {
            joinUntil(t, deadline);
        }
        if (closers.stream().anyMatch(Thread::isAlive)) {
            log.warn("workers did not stop by the deadline; releasing their jobs now");
            hardStop();
            closers.forEach(t -> joinUntil(t, System.nanoTime() + Duration.ofSeconds(5).toNanos()));
        }
    }

    private void closeResources() {
        List<AutoCloseable> inOrder;
        synchronized (this) {
            inOrder = new ArrayList<>(resources);
        }
        for (AutoCloseable r : inOrder) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r, Backends.rootMessage(e));
            }
        }
    }

    private void awaitDone() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUntil(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
