package dev.drover.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.sync.crm.CrmLead;
import dev.drover.sync.crm.InvalidLeadException;
import dev.drover.sync.crm.LeadMapper;
import dev.drover.sync.store.LeadStore;
import dev.drover.sync.store.StoredLead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one page of leads inside the caller's transaction and returns its counts: maps each lead (an unreadable
 * one counts as an error), compares it with the stored copy ({@link ChangeDetector}) and upserts the changed ones in
 * one statement.
 */
final class PageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);

    /** One page's counts; they always add up to the page's size. */
    record Counts(long inserted, long updated, long skipped, long errors) {
    }

    private final LeadStore leads;

    PageWriter(LeadStore leads) {
        this.leads = leads;
    }

    Counts write(DSLContext tx, long segmentId, SyncMode mode, Instant watermark, List<JsonNode> page, Instant now) {
        long errors = 0;
        long skipped = 0;
        // Keyed by id: a page that repeats a lead must not upsert it twice in one statement (Postgres refuses).
        Map<Long, CrmLead> byId = new LinkedHashMap<>();
        for (JsonNode raw : page) {
            try {
                CrmLead lead = LeadMapper.map(raw);
                if (byId.put(lead.id(), lead) != null) {
                    skipped++;
                }
            } catch (InvalidLeadException e) {
                LOG.warn("segment {}: skipping a lead: {}", segmentId, e.getMessage());
                errors++;
            }
        }
        Map<Long, StoredLead> stored = leads.findStored(tx, byId.keySet());
        List<CrmLead> toWrite = new ArrayList<>();
        long inserted = 0;
        long updated = 0;
        for (CrmLead lead : byId.values()) {
            switch (ChangeDetector.decide(lead, stored.get(lead.id()), mode, watermark)) {
                case INSERT -> { inserted++; toWrite.add(lead); }
                case UPDATE -> { updated++; toWrite.add(lead); }
                case SKIP -> skipped++;
            }
        }
        leads.upsert(tx, segmentId, toWrite, now);
        return new Counts(inserted, updated, skipped, errors);
    }
}
