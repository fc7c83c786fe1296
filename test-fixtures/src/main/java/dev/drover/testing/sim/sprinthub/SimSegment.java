package dev.drover.testing.sim.sprinthub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One CRM segment of the simulator: its leads, kept by id, shaped as SprintHub returns them (id, firstname, lastname,
 * email, phone, mobile, whatsapp, city, state, country, points, owner, stage, createDate, updateDate, lastActive,
 * archived).
 *
 * <p>Tests script a segment between runs: {@link #addLeads} for new leads, {@link #touch} to change a lead and bump its
 * {@code updateDate}, {@link #put} for any raw JSON (including leads the client must reject). Thread-safe.
 */
public final class SimSegment {

    private final long id;
    private final TreeMap<Long, ObjectNode> leads = new TreeMap<>();
    private final SprintHubSimulator owner;
    /** Leads without a numeric id are kept after all others, in the order they were put. */
    private long unnumbered;

    SimSegment(long id, SprintHubSimulator owner) {
        this.id = id;
        this.owner = owner;
    }

    public long id() {
        return id;
    }

    /** Adds {@code count} generated leads with ids {@code firstId, firstId + 1, ...}; returns this. */
    public synchronized SimSegment addLeads(long firstId, int count) {
        for (long leadId = firstId; leadId < firstId + count; leadId++) {
            leads.put(leadId, newLead(leadId, owner.now()));
        }
        return this;
    }

    /** Stores a lead exactly as given (it needs a numeric {@code id} only to be ordered; others go last). */
    public synchronized SimSegment put(ObjectNode lead) {
        long key = lead.path("id").canConvertToLong() ? lead.path("id").asLong() : Long.MAX_VALUE - unnumbered++;
        leads.put(key, lead.deepCopy());
        return this;
    }

    /** Changes a lead as a CRM user would: new points, stage and {@code updateDate = now}. */
    public synchronized SimSegment touch(long leadId) {
        ObjectNode lead = leads.get(leadId);
        if (lead == null) {
            throw new IllegalArgumentException("segment " + id + " has no lead " + leadId);
        }
        lead.put("points", lead.path("points").asInt() + 10);
        lead.put("stage", "negotiation");
        lead.put("updateDate", owner.now().toString());
        return this;
    }

    /** Changes a lead's content without touching {@code updateDate} (for the hash fallback). */
    public synchronized SimSegment edit(long leadId, String field, String value) {
        leads.get(leadId).put(field, value);
        return this;
    }

    public synchronized SimSegment remove(long leadId) {
        leads.remove(leadId);
        return this;
    }

    public synchronized int size() {
        return leads.size();
    }

    /** A copy of one lead, if the segment has it. */
    public synchronized Optional<ObjectNode> lead(long leadId) {
        return Optional.ofNullable(leads.get(leadId)).map(ObjectNode::deepCopy);
    }

    /** The leads of one page, ordered as asked; copies. */
    synchronized List<ObjectNode> page(int page, int limit, String orderByKey, boolean descending) {
        List<ObjectNode> all = new ArrayList<>(leads.values());
        Comparator<ObjectNode> order = Comparator.comparing(l -> sortKey(l, orderByKey));
        all.sort(descending ? order.reversed() : order);
        int from = (int) Math.min((long) page * limit, all.size());
        int to = Math.min(from + limit, all.size());
        return all.subList(from, to).stream().map(ObjectNode::deepCopy).toList();
    }

    private static String sortKey(ObjectNode lead, String key) {
        JsonNode v = lead.path(key == null || key.isBlank() ? "id" : key);
        // Zero-padded so numeric ids sort as numbers, not as strings.
        return v.canConvertToLong() ? String.format("%020d", v.asLong()) : v.asText("");
    }

    static ObjectNode newLead(long leadId, Instant now) {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("id", leadId);
        l.put("firstname", "Lead" + leadId);
        l.put("lastname", "Silva");
        l.put("email", "lead" + leadId + "@example.com");
        l.put("phone", "+55 11 3000-" + String.format("%04d", leadId % 10_000));
        l.put("mobile", "+55 11 9" + String.format("%04d", leadId % 10_000) + "-0000");
        l.put("whatsapp", "55119" + String.format("%04d", leadId % 10_000) + "0000");
        l.put("city", "São Paulo");
        l.put("state", "SP");
        l.put("country", "Brasil");
        l.put("points", (int) (leadId % 100));
        l.put("owner", 7);
        l.put("stage", "lead");
        l.put("createDate", now.minusSeconds(86_400).toString());
        l.put("updateDate", now.minusSeconds(3_600).toString());
        l.put("lastActive", now.minusSeconds(600).toString());
        l.put("archived", false);
        return l;
    }

    /** The lead's fields as a map, for assertions. */
    public synchronized Map<Long, ObjectNode> snapshot() {
        Map<Long, ObjectNode> copy = new TreeMap<>();
        leads.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return copy;
    }
}
