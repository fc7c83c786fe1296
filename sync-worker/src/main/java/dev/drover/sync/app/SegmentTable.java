package dev.drover.sync.app;

import dev.drover.sync.SegmentView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders {@code segments list} as a table whose columns are padded to their widest cell. */
final class SegmentTable {

    static final List<String> HEADER = List.of("SEGMENT", "NAME", "STATUS", "MODE", "SCHEDULE", "LAST RUN",
            "RESULT", "SUCCESS %", "FAILURES", "NEXT RUN");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SegmentTable() {
    }

    /** The table, one line per segment under a header line; "-" marks a value not known yet. */
    static String render(List<SegmentView> segments) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        segments.forEach(s -> rows.add(row(s)));
        int[] width = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format("%-" + width[i] + "s", r.get(i))).append(i < r.size() - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static List<String> row(SegmentView s) {
        return List.of(String.valueOf(s.segmentId()), orDash(s.name()), s.status(), s.mode().name(), s.schedule(),
                time(s.lastRunAt()), orDash(s.lastRunStatus()), rate(s.lastRunSuccessRate()),
                String.valueOf(s.consecutiveFailures()), time(s.nextExecution()));
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    private static String rate(BigDecimal r) {
        return r == null ? "-" : r.toPlainString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
