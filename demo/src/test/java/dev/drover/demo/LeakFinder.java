package dev.drover.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks for every {@link Secret} in every text it is shown, remembering where each one leaked and how many texts it
 * read (so a test can tell that it looked at all).
 */
final class LeakFinder {

    /** One secret found in one text. */
    record Leak(String where, String secret, String context) {
        @Override
        public String toString() {
            return secret + " in " + where + ": ..." + context + "...";
        }
    }

    private final List<Secret> secrets;
    private final List<Leak> leaks = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger texts = new AtomicInteger();
    private final AtomicInteger chars = new AtomicInteger();

    LeakFinder(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** Records every secret found in {@code text}, which came from {@code where}. */
    void check(String where, String text) {
        texts.incrementAndGet();
        if (text == null) {
            return;
        }
        chars.addAndGet(text.length());
        for (Secret s : secrets) {
            for (String mark : s.marks()) {
                int at = text.indexOf(mark);
                if (at >= 0) {
                    int from = Math.max(0, at - 80);
                    int to = Math.min(text.length(), at + mark.length() + 40);
                    leaks.add(new Leak(where, s.label(), text.substring(from, to).replace("\n", "\\n")));
                    break;
                }
            }
        }
    }

    List<Leak> leaks() {
        return List.copyOf(leaks);
    }

    int textsChecked() {
        return texts.get();
    }

    int charsChecked() {
        return chars.get();
    }

    /** A report of every leak, one per line, for an assertion message. */
    String report() {
        StringBuilder b = new StringBuilder(leaks.size() + " leak(s) in " + texts + " texts:\n");
        leaks.forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }
}
