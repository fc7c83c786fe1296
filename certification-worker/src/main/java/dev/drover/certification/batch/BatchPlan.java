package dev.drover.certification.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * An expanded batch: its {@code certification_jobs} row and the (model, region) items it stands for, models × regions
 * in a fixed order. Read back from the row, so a batch job that runs again sees the same items as the first time.
 *
 * @param certificationJobId the row's id
 * @param queueJobId         the {@code certify-batch} queue job that owns it
 * @param modelIds           the models, resolved when the batch expanded
 * @param regions            the regions
 */
public record BatchPlan(UUID certificationJobId, String queueJobId, List<String> modelIds, List<String> regions) {

    public BatchPlan {
        modelIds = List.copyOf(modelIds);
        regions = List.copyOf(regions);
    }

    /** Every (model, region), model-major. */
    public List<Item> items() {
        return modelIds.stream()
                .flatMap(m -> regions.stream().map(r -> new Item(certificationJobId, m, r)))
                .toList();
    }

    public int total() {
        return modelIds.size() * regions.size();
    }

    /**
     * One {@code certify-model} job's data, and its queue job id. The id is derived from the item so that adding the
     * children again (a batch job that runs twice) adds nothing; model ids contain ':', which BullMQ ids may not, so
     * the pair is hashed.
     */
    public record Item(UUID certificationJobId, String modelId, String region) {

        public String queueJobId() {
            return "cert-" + certificationJobId + "-" + hash(modelId + "\n" + region);
        }

        private static String hash(String s) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JVM", e);
            }
        }
    }
}
