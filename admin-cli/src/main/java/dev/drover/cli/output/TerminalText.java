package dev.drover.cli.output;

/**
 * Makes text that someone else wrote (job names, ids, data, failed reasons, logs, worker names, event fields) safe
 * to print: every character a terminal would act on instead of showing is written as a visible escape, so a job
 * cannot move the cursor, rewrite a line with CR, ring the bell, set the window title, colour or hide text with ESC
 * sequences, or reorder what follows with a bidirectional override. Escaped: the C0 controls, DEL and the C1
 * controls (CSI and OSC included), the bidi embeddings, overrides, isolates and marks, and the Unicode line and
 * paragraph separators. {@code \n}, {@code \r} and {@code \t} become those two-character escapes, the others
 * {@code \}{@code uXXXX}. Everything else, other scripts and emoji included, is left as it is. A backslash is not
 * escaped, so {@code \}{@code u001b} typed by a job looks like an escaped ESC: harmless, only ambiguous.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code s} with every unsafe character escaped, newlines included; null stays null. */
    public static String escape(String s) {
        return escape(s, false);
    }

    /** As {@link #escape(String)} but keeping {@code \n} (and tab), for a block of lines printed as lines. */
    public static String escapeKeepingLines(String s) {
        return escape(s, true);
    }

    /** Whether a terminal may act on {@code c} rather than show it. */
    public static boolean unsafe(char c) {
        return Character.getType(c) == Character.CONTROL // C0, DEL, C1
                || c == '\u061c' || c == '\u200e' || c == '\u200f' // bidi marks
                || (c >= '\u202a' && c <= '\u202e') // embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // isolates
                || c == '\u2028' || c == '\u2029'; // line and paragraph separators
    }

    private static String escape(String s, boolean keepLines) {
        if (s == null || s.chars().noneMatch(c -> unsafe((char) c))) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c) || (keepLines && (c == '\n' || c == '\t'))) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.toString();
    }
}
