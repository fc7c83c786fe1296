package dev.drover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A wall clock a test moves by hand, for deterministic schedule, stall, backoff and billing tests. Thread-safe. */
public final class ManualClock implements InstantSource {

    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward and returns the new time. */
    public Instant advance(Duration d) {
        return now.updateAndGet(i -> i.plus(d));
    }

    /** Sets the clock to a given time. */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** This clock as a {@link Clock} in UTC, for APIs that want one. */
    public Clock asClock() {
        return withZone(ZoneOffset.UTC);
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return InstantSource.super.withZone(zone);
    }
}
