package dev.drover.certification.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.db.generated.certification.enums.CertificationJobType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The data of a {@code certify-batch} job, validated: what to certify, where, for whom. {@link #parse} checks
 * everything that can be checked without the database; model ids are checked against it when the batch expands.
 *
 * <pre>{"type": "SINGLE_MODEL|MULTIPLE_MODELS|ALL_MODELS|RECERTIFY", "regions": ["us-east-1"], "modelIds": [...],
 *  "createdBy": "...", "config": {...}, "certificationJobId": "uuid (optional)"}</pre>
 *
 * @param type               the batch kind
 * @param regions            distinct regions in the order given; never empty
 * @param modelIds           distinct model ids in the order given: one for SINGLE_MODEL, at least one for
 *                           MULTIPLE_MODELS, none for ALL_MODELS, an optional filter for RECERTIFY
 * @param createdBy          who asked, or null
 * @param config             free-form settings stored with the batch (a JSON object)
 * @param certificationJobId a row the caller inserted and wants adopted, or null to create one
 */
public record BatchRequest(CertificationJobType type, List<String> regions, List<String> modelIds, String createdBy,
                           ObjectNode config, UUID certificationJobId) {

    /** AWS region names: {@code us-east-1}, {@code ap-southeast-2}, {@code us-gov-west-1}. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public BatchRequest {
        regions = List.copyOf(regions);
        modelIds = List.copyOf(modelIds);
    }

    /** Validates job data; throws {@link InvalidBatchException} naming the first problem. */
    public static BatchRequest parse(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new InvalidBatchException("certify-batch data must be a JSON object");
        }
        CertificationJobType type = type(data.get("type"));
        List<String> regions = strings(data, "regions");
        if (regions.isEmpty()) {
            throw new InvalidBatchException("regions must name at least one region");
        }
        regions.stream().filter(r -> !REGION.matcher(r).matches()).findFirst().ifPresent(r -> {
            throw new InvalidBatchException("'" + r + "' is not an AWS region name (e.g. us-east-1)");
        });
        List<String> models = strings(data, "modelIds");
        checkModelCount(type, models);
        return new BatchRequest(type, regions, models, text(data, "createdBy"), config(data.get("config")),
                uuid(data.get("certificationJobId")));
    }

    private static CertificationJobType type(JsonNode node) {
        String name = node == null || node.isNull() ? null : node.asText();
        for (CertificationJobType t : CertificationJobType.values()) {
            if (t.getLiteral().equals(name)) {
                return t;
            }
        }
        throw new InvalidBatchException((name == null ? "type is missing" : "unknown certification type '" + name + "'")
                + " (expected one of " + Arrays.stream(CertificationJobType.values())
                .map(CertificationJobType::getLiteral).toList() + ")");
    }

    private static void checkModelCount(CertificationJobType type, List<String> models) {
        switch (type) {
            case SINGLE_MODEL -> {
                if (models.size() != 1) {
                    throw new InvalidBatchException("SINGLE_MODEL needs exactly one model id in modelIds, got "
                            + models.size());
                }
            }
            case MULTIPLE_MODELS -> {
                if (models.isEmpty()) {
                    throw new InvalidBatchException("MULTIPLE_MODELS needs at least one model id in modelIds");
                }
            }
            case ALL_MODELS -> {
                if (!models.isEmpty()) {
                    throw new InvalidBatchException("ALL_MODELS certifies every active model; leave modelIds empty");
                }
            }
            case RECERTIFY -> { }
        }
    }

    /** A field that must be absent, null or an array of non-blank strings; duplicates are dropped. */
    private static List<String> strings(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidBatchException(field + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new InvalidBatchException(field + " must hold non-blank strings, got " + e);
            }
            out.add(e.asText().trim());
        }
        return new ArrayList<>(out);
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static ObjectNode config(JsonNode node) {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new InvalidBatchException("config must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static UUID uuid(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidBatchException("certificationJobId must be a UUID, got '" + node.asText() + "'");
        }
    }
}
