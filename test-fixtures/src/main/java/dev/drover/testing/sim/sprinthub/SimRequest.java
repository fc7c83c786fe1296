package dev.drover.testing.sim.sprinthub;

/**
 * One request the simulator received, recorded for assertions.
 *
 * @param method    {@code GET} or {@code POST}
 * @param path      the path without query
 * @param segmentId the segment of a page request, else {@code -1}
 * @param page      the page asked for (from 0), else {@code -1}
 * @param leadId    the lead of a full-lead request, else {@code -1}
 * @param tokenOk   whether the {@code apitoken} matched (the token itself is never recorded)
 */
public record SimRequest(String method, String path, long segmentId, int page, long leadId, boolean tokenOk) {

    public boolean isPage() {
        return segmentId >= 0;
    }

    public boolean isLead() {
        return leadId >= 0;
    }
}
