package dev.drover.testing.sim.bedrock;

import java.util.List;
import java.util.Set;

/**
 * A foundation model in the {@link BedrockSimulator}'s catalogue, listed by ListFoundationModels and callable through
 * Converse / ConverseStream.
 *
 * @param modelId                  the bare model id, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param modelName                the display name
 * @param providerName             e.g. {@code Anthropic}
 * @param active                   lifecycle ACTIVE (true) or LEGACY (false)
 * @param requiresInferenceProfile true when only a geography-prefixed id ({@code us.}, {@code eu.}, {@code apac.})
 *                                 may be invoked; the bare id gets Bedrock's "on-demand throughput isn't supported"
 * @param streaming                whether ConverseStream is allowed
 * @param regions                  where the model is offered; empty means every region
 */
public record SimModel(String modelId, String modelName, String providerName, boolean active,
                       boolean requiresInferenceProfile, boolean streaming, Set<String> regions) {

    public SimModel {
        regions = Set.copyOf(regions);
    }

    /** An active on-demand model with streaming, offered in every region. */
    public static SimModel onDemand(String modelId, String modelName, String providerName) {
        return new SimModel(modelId, modelName, providerName, true, false, true, Set.of());
    }

    public SimModel inRegions(String... only) {
        return new SimModel(modelId, modelName, providerName, active, requiresInferenceProfile, streaming, Set.of(only));
    }

    public SimModel legacy() {
        return new SimModel(modelId, modelName, providerName, false, requiresInferenceProfile, streaming, regions);
    }

    public SimModel inferenceProfileOnly() {
        return new SimModel(modelId, modelName, providerName, active, true, streaming, regions);
    }

    public SimModel withoutStreaming() {
        return new SimModel(modelId, modelName, providerName, active, requiresInferenceProfile, false, regions);
    }

    public boolean offeredIn(String region) {
        return regions.isEmpty() || regions.contains(region);
    }

    /** A small realistic catalogue for the demo: on-demand, profile-only, legacy and regional models. */
    public static List<SimModel> defaultCatalog() {
        return List.of(
                onDemand("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", "Anthropic"),
                onDemand("anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", "Anthropic")
                        .inferenceProfileOnly(),
                onDemand("amazon.nova-lite-v1:0", "Nova Lite", "Amazon"),
                onDemand("meta.llama3-8b-instruct-v1:0", "Llama 3 8B Instruct", "Meta")
                        .inRegions("us-east-1", "us-west-2"),
                onDemand("mistral.mistral-7b-instruct-v0:2", "Mistral 7B Instruct", "Mistral AI"),
                onDemand("amazon.titan-text-express-v1", "Titan Text Express", "Amazon").legacy());
    }
}
