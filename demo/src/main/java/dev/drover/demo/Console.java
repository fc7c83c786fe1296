package dev.drover.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** The demo's output: numbered steps, warnings and plain lines, each prefixed with the time since start. */
final class Console {

    private final PrintStream out;
    private final Instant start = Instant.now();

    Console(PrintStream out) {
        this.out = out;
    }

    void step(String message) {
        line("==> " + message);
    }

    void warn(String message) {
        line("!!  " + message);
    }

    synchronized void line(String message) {
        Duration d = Duration.between(start, Instant.now());
        out.printf("[%3d.%ds] %s%n", d.toSeconds(), d.toMillisPart() / 100, message);
        out.flush();
    }

    /** Lines without the time prefix (tables). */
    synchronized void raw(String text) {
        out.println(text);
        out.flush();
    }

    Duration elapsed() {
        return Duration.between(start, Instant.now());
    }
}
