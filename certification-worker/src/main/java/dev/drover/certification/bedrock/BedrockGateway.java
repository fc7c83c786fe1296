package dev.drover.certification.bedrock;

import dev.drover.certification.CertificationConfig;
import dev.drover.certification.ErrorCategory;
import dev.drover.certification.RegionRateLimiter;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * The worker's only way to Bedrock: ListFoundationModels, Converse and ConverseStream for a region. Every attempt first
 * passes the {@link RegionRateLimiter}; failures become {@link BedrockCallException}s; retryable ones (throttling,
 * timeouts, 5xx, I/O) are retried with exponential backoff up to {@link CertificationConfig#retryAttempts()} calls in
 * all, terminal ones are thrown at once.
 */
public final class BedrockGateway {

    private final BedrockClients clients;
    private final RegionRateLimiter limiter;
    private final Retry retry;

    public BedrockGateway(BedrockClients clients, RegionRateLimiter limiter, CertificationConfig config) {
        this.clients = clients;
        this.limiter = limiter;
        this.retry = Retry.of("bedrock", RetryConfig.custom()
                .maxAttempts(config.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.retryBackoff(), 2.0,
                        config.retryMaxBackoff()))
                .retryOnException(e -> e instanceof BedrockCallException b && b.retryable())
                .build());
    }

    public List<FoundationModelSummary> listFoundationModels(String region) {
        return call(region, () -> clients.control(region).listFoundationModels(b -> { }).modelSummaries());
    }

    public Reply converse(String region, String modelId, Prompt prompt) {
        ConverseRequest request = ConverseRequest.builder().modelId(modelId)
                .messages(userMessage(prompt))
                .system(system(prompt))
                .inferenceConfig(inference(prompt))
                .build();
        return call(region, () -> toReply(clients.runtime(region).converse(request).join()));
    }

    public Reply converseStream(String region, String modelId, Prompt prompt) {
        ConverseStreamRequest request = ConverseStreamRequest.builder().modelId(modelId)
                .messages(userMessage(prompt))
                .system(system(prompt))
                .inferenceConfig(inference(prompt))
                .build();
        return call(region, () -> StreamCollector.collect(clients.runtime(region), request));
    }

    /** One rate-limited, classified attempt of {@code action}, retried as the policy says. */
    private <T> T call(String region, Supplier<T> action) {
        Supplier<T> attempt = () -> {
            try {
                limiter.acquire(region);
                return action.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BedrockCallException(ErrorCategory.UNKNOWN, false, null, "interrupted", e);
            } catch (RuntimeException e) {
                throw ErrorClassifier.classify(e);
            }
        };
        return Retry.decorateSupplier(retry, attempt).get();
    }

    private static Message userMessage(Prompt p) {
        return Message.builder().role("user").content(ContentBlock.fromText(p.user())).build();
    }

    private static List<SystemContentBlock> system(Prompt p) {
        return p.system() == null ? List.of() : List.of(SystemContentBlock.fromText(p.system()));
    }

    private static InferenceConfiguration inference(Prompt p) {
        return InferenceConfiguration.builder()
                .temperature(p.temperature() == null ? null : p.temperature().floatValue())
                .topP(p.topP() == null ? null : p.topP().floatValue())
                .maxTokens(p.maxTokens())
                .build();
    }

    private static Reply toReply(ConverseResponse r) {
        StringBuilder text = new StringBuilder();
        if (r.output() != null && r.output().message() != null) {
            r.output().message().content().forEach(c -> text.append(c.text() == null ? "" : c.text()));
        }
        int tokens = r.usage() == null || r.usage().outputTokens() == null ? -1 : r.usage().outputTokens();
        return new Reply(text.toString(), r.stopReasonAsString(), tokens, 0);
    }
}
