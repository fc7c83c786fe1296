package dev.drover.sync;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a run did, cumulative over its attempts; stored as the {@code stats} JSON of a {@code sync_segments_logs} row
 * and in the segment's checkpoint.
 *
 * @param totalLeadsInSegment the segment's size as the CRM last reported it
 * @param processed           leads read from the CRM (written, skipped or failed)
 * @param inserted            leads new to the database
 * @param updated             leads rewritten
 * @param skipped             leads unchanged since the last success (incremental mode)
 * @param errors              leads that could not be read (no id, bad dates)
 * @param apiCalls            HTTP requests sent, retries included
 * @param pages               pages read successfully, the final empty page included
 */
public record SyncStats(long totalLeadsInSegment, long processed, long inserted, long updated, long skipped,
                        long errors, long apiCalls, long pages) {

    public static final SyncStats ZERO = new SyncStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** Share of processed leads without error, in percent with two decimals; 100 when nothing was processed. */
    public BigDecimal successRate() {
        if (processed == 0) {
            return BigDecimal.valueOf(100).setScale(2, RoundingMode.UNNECESSARY);
        }
        return BigDecimal.valueOf((processed - errors) * 100.0 / processed).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * The rate a failed run reports: the share of the segment's leads it synced without error before it failed, in
     * percent ({@code 0.00} when it synced none, as a run refused at its first call). Never 100 unless every lead of
     * the segment was synced, so a failed run cannot read as a success.
     */
    public BigDecimal failedRunRate() {
        long base = Math.max(totalLeadsInSegment, processed);
        if (base == 0) {
            return BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);
        }
        return BigDecimal.valueOf((processed - errors) * 100.0 / base).setScale(2, RoundingMode.HALF_UP);
    }

    public SyncStats withApiCalls(long more) {
        return new SyncStats(totalLeadsInSegment, processed, inserted, updated, skipped, errors, apiCalls + more, pages);
    }

    /** Counts one page read whose answer reported {@code total} ({@code -1}: not reported, keep the last). */
    public SyncStats withPage(long total) {
        return new SyncStats(total >= 0 ? total : totalLeadsInSegment, processed, inserted, updated, skipped, errors,
                apiCalls, pages + 1);
    }

    /** Adds one batch's lead counts. */
    public SyncStats plus(long addInserted, long addUpdated, long addSkipped, long addErrors) {
        long seen = addInserted + addUpdated + addSkipped + addErrors;
        return new SyncStats(totalLeadsInSegment, processed + seen, inserted + addInserted, updated + addUpdated,
                skipped + addSkipped, errors + addErrors, apiCalls, pages);
    }
}
