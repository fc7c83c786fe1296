package dev.drover.certification.bedrock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceType;

/**
 * Answers "can this model be certified in this region, and under which id?" from ListFoundationModels, cached per
 * region for a TTL so that a batch of hundreds of (model, region) items lists each region a handful of times. Two
 * threads missing the cache together may both list; that costs one extra call and is harmless.
 *
 * <p>A model is available when it is listed and its lifecycle is ACTIVE. When the listing says it supports
 * INFERENCE_PROFILE but not ON_DEMAND it is invoked through the region's geography profile
 * ({@link InferenceProfiles}). Listing failures propagate as {@link BedrockCallException}.
 */
public final class ModelCatalog {

    /** Sent by Bedrock but absent from the SDK's InferenceType enum, hence a string. */
    static final String INFERENCE_PROFILE = "INFERENCE_PROFILE";

    private final BedrockGateway gateway;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();

    public ModelCatalog(BedrockGateway gateway, Duration ttl, InstantSource clock) {
        this.gateway = gateway;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Availability availability(String modelId, String region) {
        Optional<FoundationModelSummary> summary = models(region).stream()
                .filter(m -> modelId.equals(m.modelId()))
                .findFirst();
        if (summary.isEmpty()) {
            return Availability.no("model " + modelId + " is not offered in " + region);
        }
        FoundationModelSummary m = summary.get();
        if (m.modelLifecycle() != null && m.modelLifecycle().status() != FoundationModelLifecycleStatus.ACTIVE) {
            return Availability.no("model " + modelId + " is " + m.modelLifecycle().statusAsString() + " in " + region);
        }
        boolean streaming = !Boolean.FALSE.equals(m.responseStreamingSupported());
        return new Availability(true, invocationId(m, region), streaming, null);
    }

    /** The region's listing, from the cache while it is fresh. */
    public List<FoundationModelSummary> models(String region) {
        Instant now = clock.instant();
        Listing cached = cache.get(region);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
            return cached.models();
        }
        List<FoundationModelSummary> models = gateway.listFoundationModels(region);
        cache.put(region, new Listing(models, now));
        return models;
    }

    private static String invocationId(FoundationModelSummary m, String region) {
        List<String> types = m.inferenceTypesSupportedAsStrings();
        boolean profileOnly = types.contains(INFERENCE_PROFILE)
                && !types.contains(InferenceType.ON_DEMAND.toString());
        return profileOnly ? InferenceProfiles.profileId(m.modelId(), region) : m.modelId();
    }

    private record Listing(List<FoundationModelSummary> models, Instant fetchedAt) {
    }
}
