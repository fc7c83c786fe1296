package dev.drover.sync.crm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * A lead read from SprintHub, mapped to the columns of {@code lead_sync.leads}. Built by {@link LeadMapper}.
 *
 * @param raw         the lead exactly as the CRM sent it
 * @param contentHash SHA-256 of {@code raw} with keys sorted: the change test when {@code updatedAt} is missing
 */
public record CrmLead(long id, String firstName, String lastName, String email, String phone, String mobile,
                      String whatsapp, String city, String state, String country, Integer points, String owner,
                      String stage, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime lastActive,
                      boolean archived, JsonNode raw, String contentHash) {
}
