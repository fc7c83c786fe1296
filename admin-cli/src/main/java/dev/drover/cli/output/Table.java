package dev.drover.cli.output;

import dev.drover.cli.CliContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table with aligned columns: a bold header, two spaces between columns, numbers right-aligned. Widths come
 * from the plain text; colour (per cell, optional) is applied after padding so alignment survives it. Cells are
 * {@linkplain TerminalText#escape escaped}: what a job or worker wrote cannot drive the terminal.
 */
public final class Table {

    private record Cell(String text, String style) {
    }

    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<Cell[]> rows = new ArrayList<>();

    /** Columns named {@code headers}; a header starting with {@code >} is right-aligned (the {@code >} is dropped). */
    public Table(String... headers) {
        this.headers = new String[headers.length];
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers[i] = rightAligned[i] ? headers[i].substring(1) : headers[i];
        }
    }

    /** Adds a row of plain cells (null prints as empty). */
    public Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> c instanceof Cell cell ? cell
                : new Cell(c == null ? "" : TerminalText.escape(String.valueOf(c)), null)).toArray(Cell[]::new));
        return this;
    }

    /** A cell printed with picocli markup styles (e.g. {@code "red"}) when colour is on. */
    public static Object styled(String text, String style) {
        return new Cell(TerminalText.escape(text), style);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The lines of the table, header first. */
    public List<String> render(CliContext ctx) {
        int[] widths = widths();
        List<String> lines = new ArrayList<>();
        Cell[] head = Arrays.stream(headers).map(h -> new Cell(h, "bold")).toArray(Cell[]::new);
        lines.add(line(head, widths, ctx));
        rows.forEach(r -> lines.add(line(r, widths, ctx)));
        return lines;
    }

    private int[] widths() {
        int[] w = Arrays.stream(headers).mapToInt(String::length).toArray();
        for (Cell[] r : rows) {
            for (int i = 0; i < r.length && i < w.length; i++) {
                w[i] = Math.max(w[i], r[i].text().length());
            }
        }
        return w;
    }

    private String line(Cell[] cells, int[] widths, CliContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            Cell c = i < cells.length ? cells[i] : new Cell("", null);
            String padded = pad(c.text(), widths[i], rightAligned[i], i == widths.length - 1);
            sb.append(c.style() == null ? padded : ctx.style(c.style(), padded));
            if (i < widths.length - 1) {
                sb.append("  ");
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String pad(String s, int width, boolean right, boolean last) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : last ? s : s + fill;
    }
}
