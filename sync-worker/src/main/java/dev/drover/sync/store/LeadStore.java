package dev.drover.sync.store;

import static dev.drover.db.generated.lead_sync.Tables.LEADS;

import dev.drover.sync.crm.CrmLead;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Writes CRM leads to {@code lead_sync.leads}: one multi-row upsert by lead id per batch, bind values only.
 * Call inside the batch's transaction.
 */
public final class LeadStore {

    private static final List<Field<?>> COLUMNS = List.of(LEADS.ID, LEADS.SEGMENT_ID, LEADS.FIRST_NAME,
            LEADS.LAST_NAME, LEADS.EMAIL, LEADS.PHONE, LEADS.MOBILE, LEADS.WHATSAPP, LEADS.CITY, LEADS.STATE,
            LEADS.COUNTRY, LEADS.POINTS, LEADS.OWNER, LEADS.STAGE, LEADS.CRM_CREATED_AT, LEADS.CRM_UPDATED_AT,
            LEADS.LAST_ACTIVE, LEADS.ARCHIVED, LEADS.CONTENT_HASH, LEADS.RAW, LEADS.SYNCED_AT, LEADS.UPDATED_AT);

    /** The stored versions of these leads, locked until the transaction ends so the comparison stays true. */
    public Map<Long, StoredLead> findStored(DSLContext tx, Collection<Long> ids) {
        Map<Long, StoredLead> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        tx.select(LEADS.ID, LEADS.CRM_UPDATED_AT, LEADS.CONTENT_HASH).from(LEADS).where(LEADS.ID.in(ids))
                .orderBy(LEADS.ID).forUpdate()
                .forEach(r -> found.put(r.value1(), new StoredLead(r.value1(), r.value2(), r.value3())));
        return found;
    }

    /** Inserts or overwrites every lead given; {@code created_at} of existing rows is kept. */
    public void upsert(DSLContext tx, long segmentId, List<CrmLead> leads, Instant now) {
        if (leads.isEmpty()) {
            return;
        }
        OffsetDateTime at = SegmentStore.utc(now);
        InsertValuesStepN<?> insert = tx.insertInto(LEADS, COLUMNS);
        for (CrmLead l : leads) {
            insert = insert.values(row(l, segmentId, at));
        }
        Map<Field<?>, Field<?>> overwrite = new LinkedHashMap<>();
        COLUMNS.stream().filter(c -> c != LEADS.ID).forEach(c -> overwrite.put(c, DSL.excluded(c)));
        insert.onConflict(LEADS.ID).doUpdate().set(overwrite).execute();
    }

    private static List<Object> row(CrmLead l, long segmentId, OffsetDateTime at) {
        List<Object> v = new ArrayList<>(COLUMNS.size());
        v.add(l.id());
        v.add(segmentId);
        v.add(l.firstName());
        v.add(l.lastName());
        v.add(l.email());
        v.add(l.phone());
        v.add(l.mobile());
        v.add(l.whatsapp());
        v.add(l.city());
        v.add(l.state());
        v.add(l.country());
        v.add(l.points());
        v.add(l.owner());
        v.add(l.stage());
        v.add(l.createdAt());
        v.add(l.updatedAt());
        v.add(l.lastActive());
        v.add(l.archived());
        v.add(l.contentHash());
        v.add(JSONB.valueOf(l.raw().toString()));
        v.add(at);
        v.add(at);
        return v;
    }
}
