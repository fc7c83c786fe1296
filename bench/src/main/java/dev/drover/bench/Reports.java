package dev.drover.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes the results: the terminal table, latest.json and the results section of docs/benchmarks.md. */
final class Reports {

    static final String START = "<!-- bench:results:start (written by bench/run.sh) -->";
    static final String END = "<!-- bench:results:end -->";

    private Reports() {
    }

    /** The tables as printed on the terminal. */
    @SuppressWarnings("unchecked")
    static String terminal(Map<String, Object> report) {
        Map<String, Object> results = (Map<String, Object>) report.get("scenarios");
        return ResultTable.aligned(ResultTable.MAIN_HEADER, ResultTable.mainRows(results)) + "\nlatency\n"
                + ResultTable.aligned(ResultTable.LATENCY_HEADER, ResultTable.latencyRows(results)) + "\n"
                + ceilingLine(report) + "\n";
    }

    /** Pretty JSON to {@code file} (via a temp file, then a move). */
    static void json(Map<String, Object> report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ChildProtocol.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), report);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Replaces the text between the result markers in {@code page} (appends the section when they are absent). */
    static void markdown(Map<String, Object> report, Path page) throws IOException {
        String section = START + "\n" + markdownSection(report) + END;
        String text = Files.exists(page) ? Files.readString(page) : "# Benchmarks\n\n";
        int s = text.indexOf(START);
        int e = text.indexOf(END);
        text = s >= 0 && e > s ? text.substring(0, s) + section + text.substring(e + END.length())
                : text + "\n" + section + "\n";
        Files.writeString(page, text);
    }

    @SuppressWarnings("unchecked")
    private static String markdownSection(Map<String, Object> report) {
        Map<String, Object> results = (Map<String, Object>) report.get("scenarios");
        StringBuilder sb = new StringBuilder();
        sb.append("Run at ").append(report.get("startedAt")).append(" in ")
                .append(String.format(Locale.ROOT, "%.0f s", ((Number) report.get("wallSeconds")).doubleValue()))
                .append(", command `").append(report.get("command")).append("`.\n\n");
        sb.append("| machine | |\n|---|---|\n");
        ((Map<String, Object>) report.get("machine")).forEach((k, v) -> sb.append("| ").append(k).append(" | ")
                .append(v).append(" |\n"));
        sb.append("\n").append(ResultTable.markdown(ResultTable.MAIN_HEADER, ResultTable.mainRows(results)));
        sb.append("\nLatency (enqueue→start measured in the processor, enqueue→complete when QueueEvents sees "
                + "`completed`):\n\n").append(ResultTable.markdown(ResultTable.LATENCY_HEADER,
                ResultTable.latencyRows(results)));
        sb.append("\n").append(ceilingLine(report)).append("\n");
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String ceilingLine(Map<String, Object> report) {
        Map<String, Object> c = (Map<String, Object>) report.get("ceiling");
        Map<String, Object> add = (Map<String, Object>) c.get("add");
        Map<String, Object> job = (Map<String, Object>) c.get("job");
        return "Ceiling (pipelined EVALSHA loop, one connection): add script " + ResultTable.fmt(add, "jobsPerSec", 0)
                + " jobs/s (" + ResultTable.fmt(add, "redisCpuUsPerJob", 1) + " µs Redis CPU/job); add + process "
                + "scripts " + ResultTable.fmt(job, "jobsPerSec", 0) + " jobs/s ("
                + ResultTable.fmt(job, "redisCpuUsPerJob", 1) + " µs Redis CPU/job, "
                + ResultTable.fmt(job, "redisCmdsPerJob", 1) + " Redis cmds/job)." + floorLine(c);
    }

    @SuppressWarnings("unchecked")
    private static String floorLine(Map<String, Object> ceiling) {
        Map<String, Object> floor = (Map<String, Object>) ceiling.get("stateFloor");
        if (floor == null) {
            return "";
        }
        return " State floor (only the writes a completed job and the next fetch leave in bullmq's layout, "
                + floor.get("jobsPerCall") + " jobs per script call, no checks): "
                + ResultTable.fmt(floor, "jobsPerSec", 0) + " jobs/s, " + ResultTable.fmt(floor, "redisCpuUsPerJob", 1)
                + " µs Redis CPU/job, " + ResultTable.fmt(floor, "redisCmdsPerJob", 1) + " Redis cmds/job.";
    }
}
