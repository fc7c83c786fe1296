package dev.drover.sync.crm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a segment as SprintHub returned it.
 *
 * @param total    the segment's size as the CRM reports it, or {@code -1} when the answer omitted it
 * @param leads    the page's leads, raw; empty past the last page
 * @param attempts HTTP requests it took, retries included
 */
public record LeadPage(long total, List<JsonNode> leads, int attempts) {

    public LeadPage {
        leads = List.copyOf(leads);
    }
}
