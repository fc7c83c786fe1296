package dev.drover.certification.cli;

import dev.drover.certification.CertificationConfig;
import dev.drover.daemon.Env;
import dev.drover.daemon.StartupException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Bedrock settings of {@link CertificationConfig}, as options so that {@code --help} lists them with their
 * variables and defaults; {@link #config()} hands them to {@link CertificationConfig#fromEnv}, which validates.
 */
public final class BedrockOptions {

    @Env("BEDROCK_ENDPOINT")
    @Option(names = "--bedrock-endpoint", paramLabel = "<url>",
            description = "Control-plane endpoint template, {region} replaced; unset: AWS's own endpoint.")
    String endpoint;

    @Env("BEDROCK_RUNTIME_ENDPOINT")
    @Option(names = "--bedrock-runtime-endpoint", paramLabel = "<url>",
            description = "Runtime endpoint template (Converse), {region} replaced; unset: AWS's own endpoint.")
    String runtimeEndpoint;

    @Env("BEDROCK_CONNECT_TIMEOUT_MS")
    @Option(names = "--bedrock-connect-timeout-ms", paramLabel = "<ms>", defaultValue = "5000",
            description = "TCP connect timeout of Bedrock calls.")
    String connectTimeoutMs;

    @Env("BEDROCK_CALL_TIMEOUT_MS")
    @Option(names = "--bedrock-call-timeout-ms", paramLabel = "<ms>", defaultValue = "60000",
            description = "Limit on one whole Bedrock call, streaming included.")
    String callTimeoutMs;

    @Env("BEDROCK_RETRY_ATTEMPTS")
    @Option(names = "--bedrock-retry-attempts", paramLabel = "<n>", defaultValue = "4",
            description = "Calls per Bedrock operation, the first included (throttling, timeouts, 5xx are retried).")
    String retryAttempts;

    @Env("BEDROCK_RETRY_BACKOFF_MS")
    @Option(names = "--bedrock-retry-backoff-ms", paramLabel = "<ms>", defaultValue = "500",
            description = "Wait before the first retry; doubled per retry, at most 20 s.")
    String retryBackoffMs;

    @Env("BEDROCK_REGION_RATE_PER_SECOND")
    @Option(names = "--bedrock-region-rate-per-second", paramLabel = "<n>", defaultValue = "5",
            description = "Bedrock calls per second per region, shared by every worker through Redis.")
    String regionRatePerSecond;

    @Env("BEDROCK_MODEL_CACHE_SECONDS")
    @Option(names = "--bedrock-model-cache-seconds", paramLabel = "<s>", defaultValue = "300",
            description = "How long a region's model list is reused.")
    String modelCacheSeconds;

    /** The validated settings; throws {@link StartupException#badConfig} naming the variable at fault. */
    public CertificationConfig config() {
        Map<String, String> env = new HashMap<>();
        put(env, "BEDROCK_ENDPOINT", endpoint);
        put(env, "BEDROCK_RUNTIME_ENDPOINT", runtimeEndpoint);
        put(env, "BEDROCK_CONNECT_TIMEOUT_MS", connectTimeoutMs);
        put(env, "BEDROCK_CALL_TIMEOUT_MS", callTimeoutMs);
        put(env, "BEDROCK_RETRY_ATTEMPTS", retryAttempts);
        put(env, "BEDROCK_RETRY_BACKOFF_MS", retryBackoffMs);
        put(env, "BEDROCK_REGION_RATE_PER_SECOND", regionRatePerSecond);
        put(env, "BEDROCK_MODEL_CACHE_SECONDS", modelCacheSeconds);
        try {
            return CertificationConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage());
        }
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
