package dev.drover.sync.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Maps a SprintHub lead (JSON) to a {@link CrmLead}. Dates may be ISO-8601 with an offset, or local
 * {@code yyyy-MM-dd[ HH:mm:ss]} (read as UTC), or epoch milliseconds; {@code owner} and {@code stage} may be plain
 * values or objects (their {@code name}, else {@code id}, is kept). Throws {@link InvalidLeadException} for a lead
 * without a numeric id or with an unreadable date.
 */
public final class LeadMapper {

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ HH:mm:ss[.SSS]]");

    private LeadMapper() {
    }

    public static CrmLead map(JsonNode l) {
        JsonNode id = l.path("id");
        if (!id.canConvertToLong() || (id.isTextual() && !id.asText().matches("\\d+"))) {
            throw new InvalidLeadException("lead without a numeric id: " + abbreviate(l));
        }
        long leadId = id.asLong();
        return new CrmLead(leadId, text(l, "firstname"), text(l, "lastname"), text(l, "email"), text(l, "phone"),
                text(l, "mobile"), text(l, "whatsapp"), text(l, "city"), text(l, "state"), text(l, "country"),
                l.path("points").canConvertToInt() ? l.path("points").asInt() : null, named(l.path("owner")),
                named(l.path("stage")), date(leadId, l, "createDate"), date(leadId, l, "updateDate"),
                date(leadId, l, "lastActive"), l.path("archived").asBoolean(false), l, hash(l));
    }

    private static String text(JsonNode l, String field) {
        JsonNode v = l.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String named(JsonNode v) {
        if (v.isObject()) {
            JsonNode name = v.hasNonNull("name") ? v.get("name") : v.get("id");
            return name == null ? null : name.asText();
        }
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static OffsetDateTime date(long leadId, JsonNode l, String field) {
        JsonNode v = l.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        if (v.isNumber()) {
            return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(v.asLong()), ZoneOffset.UTC);
        }
        String s = v.asText().strip();
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notOffset) {
            try {
                return s.length() <= 10 ? LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : LocalDateTime.parse(s, LOCAL).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidLeadException("lead " + leadId + ": unreadable " + field + " '" + s + "'");
            }
        }
    }

    /** SHA-256 of the lead with object keys sorted, so field order in the answer does not matter. */
    static String hash(JsonNode l) {
        try {
            Object tree = CANONICAL.treeToValue(l, Object.class);
            byte[] canonical = CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a lead", e);
        }
    }

    private static String abbreviate(JsonNode l) {
        String s = l.toString();
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
