package dev.drover.testing.bullmq;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last lines the node driver wrote to stderr, plus the harness's own notes about stdout it could not use.
 * Error messages end with {@link #suffix()} so a failing test shows why the driver misbehaved without a
 * second look at the console. Thread-safe.
 */
final class StderrTail {

    private static final int MAX_LINES = 200;
    // enough for a Node stack trace; the full tail is still available from NodeBullmq.stderrTail()
    private static final int SUFFIX_LINES = 30;

    private final Deque<String> lines = new ArrayDeque<>();

    /** Appends a line, dropping the oldest beyond {@value #MAX_LINES}. */
    void record(String line) {
        synchronized (lines) {
            lines.addLast(line);
            while (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
        }
    }

    /** The kept lines, oldest first. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last few lines as a block to append to an error message, or {@code ""} when there are none. */
    String suffix() {
        List<String> tail = lines();
        if (tail.isEmpty()) {
            return "";
        }
        List<String> last = tail.subList(Math.max(0, tail.size() - SUFFIX_LINES), tail.size());
        return "\n--- node stderr (last " + last.size() + " lines) ---\n" + String.join("\n", last);
    }
}
