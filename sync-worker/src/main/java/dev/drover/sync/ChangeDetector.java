package dev.drover.sync;

import dev.drover.sync.crm.CrmLead;
import dev.drover.sync.store.StoredLead;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a run does with one lead.
 *
 * <p>A lead not stored yet is always inserted (it may have joined the segment without being edited). In FULL mode
 * every stored lead is rewritten. In INCREMENTAL mode a stored lead is rewritten only when it changed since the
 * segment's last success: its {@code updateDate} is later than the watermark and differs from the stored one, or,
 * when the CRM gives no {@code updateDate}, its content hash differs from the stored one.
 */
final class ChangeDetector {

    /**
     * The CRM's clock and ours disagree a little; reading a few minutes before the watermark costs a few rewrites,
     * while reading after it would lose edits for good.
     */
    static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    enum Decision { INSERT, UPDATE, SKIP }

    private ChangeDetector() {
    }

    static Decision decide(CrmLead lead, StoredLead stored, SyncMode mode, Instant watermark) {
        if (stored == null) {
            return Decision.INSERT;
        }
        if (mode == SyncMode.FULL) {
            return Decision.UPDATE;
        }
        if (lead.updatedAt() == null) {
            return lead.contentHash().equals(stored.contentHash()) ? Decision.SKIP : Decision.UPDATE;
        }
        boolean recent = watermark == null
                || lead.updatedAt().toInstant().isAfter(watermark.minus(CLOCK_SKEW_ALLOWANCE));
        boolean differs = stored.crmUpdatedAt() == null || !stored.crmUpdatedAt().isEqual(lead.updatedAt());
        return recent && differs ? Decision.UPDATE : Decision.SKIP;
    }
}
