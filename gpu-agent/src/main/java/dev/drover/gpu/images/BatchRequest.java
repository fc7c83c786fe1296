package dev.drover.gpu.images;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An image batch a user asks for (seed 004's {@code generate-images} payload).
 *
 * @param userId             who pays: {@code count × creditsPerImage} up front, failed images refunded
 * @param modelId            the user's trained model it is for; null for none
 * @param prompt             the prompt; each image gets its own variation line
 * @param aspectRatio        e.g. {@code 1:1}, {@code 16:9}
 * @param referenceImageUrls images sent along with the prompt, fetched by the agent under its {@link FetchRules}
 * @param count              images wanted, at least 1
 * @param creditsPerImage    the price of one image, at least 0
 */
public record BatchRequest(UUID userId, Long modelId, String prompt, String aspectRatio, List<String> referenceImageUrls,
                           int count, BigDecimal creditsPerImage) {

    public static final String DEFAULT_ASPECT_RATIO = "1:1";
    public static final BigDecimal DEFAULT_CREDITS_PER_IMAGE = new BigDecimal("1.00");

    public BatchRequest {
        Objects.requireNonNull(userId, "userId");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("an image batch needs a prompt");
        }
        if (count < 1) {
            throw new IllegalArgumentException("an image batch needs at least one image, got " + count);
        }
        Objects.requireNonNull(creditsPerImage, "creditsPerImage");
        if (creditsPerImage.signum() < 0) {
            throw new IllegalArgumentException("credits per image must be >= 0, got " + creditsPerImage);
        }
        aspectRatio = aspectRatio == null ? DEFAULT_ASPECT_RATIO : aspectRatio;
        referenceImageUrls = List.copyOf(referenceImageUrls);
    }

    /** {@code count} images for {@code prompt}, 1:1, no model or references, at the default price. */
    public static BatchRequest of(UUID userId, String prompt, int count) {
        return new BatchRequest(userId, null, prompt, DEFAULT_ASPECT_RATIO, List.of(), count, DEFAULT_CREDITS_PER_IMAGE);
    }
}
