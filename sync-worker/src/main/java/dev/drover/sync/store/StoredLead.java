package dev.drover.sync.store;

import java.time.OffsetDateTime;

/** What the database already holds of a lead, enough to tell whether the CRM's copy changed. */
public record StoredLead(long id, OffsetDateTime crmUpdatedAt, String contentHash) {
}
