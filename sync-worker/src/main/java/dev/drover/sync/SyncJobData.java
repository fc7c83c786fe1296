package dev.drover.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The data of a {@code sync-segment} job on queue {@code lead-sync}:
 * {@code {"segmentId": N, "mode": "INCREMENTAL|FULL", "trigger": "schedule|manual"}}. Node services may add such jobs
 * too, so {@link #fromJson} checks every field and names the one that is wrong.
 */
public record SyncJobData(long segmentId, SyncMode mode, String trigger) {

    public static final String QUEUE = "lead-sync";
    public static final String JOB_NAME = "sync-segment";
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SyncJobData {
        if (segmentId <= 0) {
            throw new IllegalArgumentException("segmentId must be a positive integer, got " + segmentId);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be INCREMENTAL or FULL");
        }
        if (!SCHEDULE.equals(trigger) && !MANUAL.equals(trigger)) {
            throw new IllegalArgumentException("trigger must be 'schedule' or 'manual', got '" + trigger + "'");
        }
    }

    /** Parses job data; throws {@link IllegalArgumentException} naming the bad field. */
    public static SyncJobData fromJson(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sync-segment job data is not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("sync-segment job data must be a JSON object, got " + json);
        }
        JsonNode id = n.path("segmentId");
        if (!id.isIntegralNumber() && !(id.isTextual() && id.asText().matches("\\d+"))) {
            throw new IllegalArgumentException("sync-segment job data needs a numeric segmentId, got " + id);
        }
        String mode = n.path("mode").asText("INCREMENTAL").toUpperCase(Locale.ROOT);
        if (!mode.equals("INCREMENTAL") && !mode.equals("FULL")) {
            throw new IllegalArgumentException("sync-segment job data: mode must be INCREMENTAL or FULL, got '" + mode + "'");
        }
        return new SyncJobData(id.asLong(), SyncMode.valueOf(mode), n.path("trigger").asText(SCHEDULE));
    }

    public String toJson() {
        return toJsonNode().toString();
    }

    /** The job data as a JSON tree, for {@code Queue.add}. */
    public ObjectNode toJsonNode() {
        return JSON.createObjectNode().put("segmentId", segmentId).put("mode", mode.name()).put("trigger", trigger);
    }

    /** The run this job asks for; {@code jobId} identifies the run across retries. */
    public SyncRequest toRequest(String jobId) {
        return new SyncRequest(segmentId, mode, jobId);
    }
}
