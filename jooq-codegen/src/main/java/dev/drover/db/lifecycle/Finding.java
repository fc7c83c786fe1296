package dev.drover.db.lifecycle;

/**
 * One line of a role check: what was checked, whether it holds, and the evidence (what is missing or too much).
 *
 * @param check  what must hold, e.g. "cannot CREATE in the database or its schemas"
 * @param ok     whether it holds
 * @param detail the evidence, e.g. "24 tables" or "has TRUNCATE on lead_sync.leads"
 */
public record Finding(String check, boolean ok, String detail) {

    static Finding of(String check, java.util.List<String> violations, String whenOk) {
        return violations.isEmpty() ? new Finding(check, true, whenOk)
                : new Finding(check, false, Finding.limit(violations));
    }

    private static String limit(java.util.List<String> items) {
        int shown = Math.min(items.size(), 5);
        return String.join("; ", items.subList(0, shown)) + (items.size() > shown
                ? " (and " + (items.size() - shown) + " more)" : "");
    }
}
