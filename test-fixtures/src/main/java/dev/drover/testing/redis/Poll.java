package dev.drover.testing.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a server-side condition that has no event to wait on (cluster bus, sentinel state) by polling it. */
final class Poll {

    private Poll() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " within " + timeout);
    }
}
