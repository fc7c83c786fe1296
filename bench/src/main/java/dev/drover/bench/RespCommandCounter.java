package dev.drover.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the top-level commands in a client-to-Redis byte stream fed in arbitrary chunks: each RESP array
 * ({@code *N} followed by N bulk strings) or inline command line counts once. Not thread-safe: one per connection.
 */
final class RespCommandCounter {

    private final AtomicLong count;
    private final StringBuilder line = new StringBuilder();
    private long bulkBytesLeft;   // bytes of the current bulk string (+CRLF) still to skip
    private long argsLeft;        // bulk strings left in the current array

    RespCommandCounter(AtomicLong count) {
        this.count = count;
    }

    /** Consumes {@code n} bytes of {@code buf}. */
    void feed(byte[] buf, int n) {
        int i = 0;
        while (i < n) {
            if (bulkBytesLeft > 0) {
                int skip = (int) Math.min(bulkBytesLeft, n - i);
                bulkBytesLeft -= skip;
                i += skip;
                continue;
            }
            byte b = buf[i++];
            if (b == '\n') {
                onLine(line.toString().trim());
                line.setLength(0);
            } else if (line.length() < 32) {
                line.append((char) b);
            }
        }
    }

    private void onLine(String l) {
        if (argsLeft > 0) {
            if (l.startsWith("$")) {
                long len = Long.parseLong(l.substring(1));
                bulkBytesLeft = len < 0 ? 0 : len + 2;
                argsLeft--;
            }
            return;
        }
        if (l.startsWith("*")) {
            count.incrementAndGet();
            argsLeft = Math.max(0, Long.parseLong(l.substring(1)));
        } else if (!l.isEmpty()) {
            count.incrementAndGet();
        }
    }
}
