package dev.drover.testing.bullmq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The unsolicited {@link NodeEvent}s a driver process has sent, kept in arrival order so tests can wait for an
 * event that may already have arrived. Listeners are called on the thread that {@linkplain #add adds} the
 * event (the stdout reader); one that throws is noted in the stderr tail and does not stop the others.
 * Once {@linkplain #end ended}, waits fail at once instead of running out their timeout. Thread-safe.
 */
final class EventLog {

    // how many of the latest events a failed wait lists, to show what came instead
    private static final int EVENTS_IN_TIMEOUT_MESSAGE = 20;

    private final List<NodeEvent> events = new ArrayList<>();
    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final StderrTail stderr;
    private volatile String endReason;

    EventLog(StderrTail stderr) {
        this.stderr = stderr;
    }

    void addListener(Consumer<NodeEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<NodeEvent> listener) {
        listeners.remove(listener);
    }

    /** Appends the event, wakes the waiters and calls the listeners. */
    void add(NodeEvent event) {
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
        for (Consumer<NodeEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                stderr.record("[listener failed] " + e);
            }
        }
    }

    /** Records that no more events will come (the process is gone) and wakes the waiters so they fail now. */
    void end(String reason) {
        endReason = reason;
        synchronized (events) {
            events.notifyAll();
        }
    }

    /** A snapshot of the events so far, oldest first. */
    List<NodeEvent> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /**
     * The first {@code count} matching events, counting those already received, waiting up to {@code timeout}.
     *
     * @throws NodeBullmqException on timeout or when the log has ended, listing the last events received
     */
    List<NodeEvent> await(Predicate<NodeEvent> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            for (;;) {
                List<NodeEvent> found = matching(match, count);
                // count 0 is never satisfied (the wait times out), as it always has been
                if (count > 0 && found.size() == count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || endReason != null) {
                    throw shortfall(found.size(), count, timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NodeBullmqException("interrupted waiting for events", null);
                }
            }
        }
    }

    /** Up to {@code count} matching events, oldest first; the caller holds the lock. */
    private List<NodeEvent> matching(Predicate<NodeEvent> match, int count) {
        List<NodeEvent> found = new ArrayList<>();
        for (NodeEvent e : events) {
            if (match.test(e)) {
                found.add(e);
                if (found.size() == count) {
                    break;
                }
            }
        }
        return found;
    }

    private NodeBullmqException shortfall(int found, int count, Duration timeout) {
        String reason = endReason;
        List<NodeEvent> last = events.subList(Math.max(0, events.size() - EVENTS_IN_TIMEOUT_MESSAGE), events.size());
        return new NodeBullmqException("got " + found + " of " + count + " matching events within " + timeout
                + (reason != null ? " (" + reason + ")" : "") + "; last events:\n  "
                + String.join("\n  ", last.stream().map(NodeEvent::toString).toList()) + stderr.suffix(), null);
    }
}
