package dev.drover.dashboard.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of actions: one INFO line per action on logger {@code dev.drover.dashboard.audit}, with who, from
 * where, what, on which queue and job, and how it ended. User-controlled values are quoted with control characters
 * escaped, so a job id cannot forge a line.
 */
public final class Audit {

    private static final Logger log = LoggerFactory.getLogger("dev.drover.dashboard.audit");

    private Audit() {
    }

    public static void record(String user, String remote, String action, String queue, String target, String outcome) {
        log.info("action={} user={} remote={} queue={} target={} outcome={}", action, quote(user), quote(remote),
                quote(queue), quote(target), quote(outcome));
    }

    static String quote(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
