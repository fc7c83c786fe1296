package dev.drover.cli.commands;

import dev.drover.cli.convert.DurationConverter;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueEvents;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover watch QUEUE}: a live tail of the queue's events with per-second rates, until Ctrl-C. Ctrl-C (the JVM
 * shutting down) stops the tail and lets it print its totals. Hidden {@code --duration} and {@code --max-events}
 * end it by themselves, for scripts and tests.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a queue's events live, with per-second rates, until Ctrl-C.")
public final class WatchCommand extends QueueCommand {

    @Option(names = "--duration", hidden = true, converter = DurationConverter.class, description = "Stop after this long.")
    Duration duration;

    @Option(names = "--max-events", hidden = true, paramLabel = "N", description = "Stop after N events.")
    long maxEvents;

    @Override
    protected int runOn(QueueAdmin admin) {
        EventTail tail = new EventTail(out(), maxEvents);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            tail.stop();
            await(finished);
        }, "drover-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (QueueEvents events = new QueueEvents(queue, root().queueOptions(), tail).start()) {
            if (!out().json()) {
                out().println(out().style("bold", "watching queue '" + queue + "'") + " on "
                        + root().redis().addresses() + " (Ctrl-C to stop)");
                out().out().flush();
            }
            tail.runFor(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            printTotals(tail);
            finished.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private void printTotals(EventTail tail) {
        if (!out().json()) {
            out().println("events seen: " + (tail.totals().isEmpty() ? "none" : tail.totals()));
            out().out().flush();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down (Ctrl-C): the hook is running
        }
    }
}
