package dev.drover.demo;

import static dev.drover.db.generated.lead_sync.Tables.LEADS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The CRM sync runs and synced leads read from Postgres.
 *
 * @param runs  every {@code sync_segments_logs} row, oldest first
 * @param leads segment → leads stored
 */
record SyncReport(List<Run> runs, Map<Long, Integer> leads) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sync run's log row; {@code stats} as the worker wrote it. */
    record Run(long segmentId, String status, JsonNode stats, BigDecimal successRate, BigDecimal durationSeconds,
               String message) {

        long stat(String name) {
            return stats.path(name).asLong(0);
        }
    }

    static SyncReport read(DSLContext dsl) {
        var l = SYNC_SEGMENTS_LOGS;
        List<Run> runs = dsl.select(l.SEGMENT_ID, l.STATUS, l.STATS, l.SUCCESS_RATE, l.DURATION_SECONDS, l.MESSAGE)
                .from(l).orderBy(l.EXECUTION_TIME, l.ID).fetch()
                .map(r -> new Run(r.value1(), r.value2().getLiteral(), parse(r.value3()), r.value4(), r.value5(),
                        r.value6()));
        Map<Long, Integer> leads = new TreeMap<>();
        dsl.select(LEADS.SEGMENT_ID, org.jooq.impl.DSL.count()).from(LEADS).groupBy(LEADS.SEGMENT_ID).fetch()
                .forEach(r -> leads.put(r.value1(), r.value2()));
        return new SyncReport(runs, leads);
    }

    /** The runs of {@code segmentId} that succeeded. */
    List<Run> successes(long segmentId) {
        return runs.stream().filter(r -> r.segmentId() == segmentId && r.status().equals("success")).toList();
    }

    String render() {
        StringBuilder b = new StringBuilder("CRM sync runs\n");
        b.append(String.format("  %-8s %-8s %6s %6s %9s %8s %8s %7s %6s %9s %8s%n", "segment", "status", "pages",
                "calls", "processed", "inserted", "updated", "skipped", "errors", "success%", "seconds"));
        for (Run r : runs) {
            b.append(String.format("  %-8d %-8s %6d %6d %9d %8d %8d %7d %6d %9s %8s%n", r.segmentId(), r.status(),
                    r.stat("pages"), r.stat("apiCalls"), r.stat("processed"), r.stat("inserted"), r.stat("updated"),
                    r.stat("skipped"), r.stat("errors"), r.successRate(), r.durationSeconds()));
        }
        leads.forEach((segment, n) -> b.append(String.format("  segment %d: %d leads in Postgres%n", segment, n)));
        return b.toString();
    }

    private static JsonNode parse(JSONB json) {
        try {
            return JSON.readTree(json == null ? "{}" : json.data());
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
