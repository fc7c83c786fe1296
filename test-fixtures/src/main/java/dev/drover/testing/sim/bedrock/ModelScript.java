package dev.drover.testing.sim.bedrock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulator has been told to do for one (region, model) pair beyond answering normally: errors to return a
 * number of times, a delay, a broken JSON answer or an empty one. Thread-safe; errors are consumed in the order added.
 */
final class ModelScript {

    static final int FOREVER = Integer.MAX_VALUE;

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean unavailable;
    private volatile boolean badJson;
    private volatile boolean emptyReply;

    void addFault(AwsError error, int times) {
        faults.add(new Fault(error, new AtomicInteger(times)));
    }

    /** The next scripted error, consuming one of its uses; empty once every fault is used up. */
    Optional<AwsError> takeFault() {
        for (Fault f : faults) {
            if (f.take()) {
                return Optional.of(f.error());
            }
        }
        return Optional.empty();
    }

    void delay(Duration d) {
        this.delay = d;
    }

    Duration delay() {
        return delay;
    }

    void unavailable() {
        this.unavailable = true;
    }

    boolean isUnavailable() {
        return unavailable;
    }

    void badJson() {
        this.badJson = true;
    }

    boolean isBadJson() {
        return badJson;
    }

    void emptyReply() {
        this.emptyReply = true;
    }

    boolean isEmptyReply() {
        return emptyReply;
    }

    private record Fault(AwsError error, AtomicInteger remaining) {
        boolean take() {
            // FOREVER is never decremented, so a permanent fault stays permanent under concurrent use.
            return remaining.getAndUpdate(n -> n == FOREVER || n <= 0 ? n : n - 1) > 0;
        }
    }
}
