package dev.drover.certification;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The certification worker's settings, read from the environment by {@link #fromEnv}. Endpoints are URL templates
 * in which {@value #REGION_PLACEHOLDER} is replaced by the region; absent means AWS's own endpoint for the region.
 *
 * <p>Environment: {@code BEDROCK_ENDPOINT}, {@code BEDROCK_RUNTIME_ENDPOINT}, {@code BEDROCK_CONNECT_TIMEOUT_MS}
 * (default 5000), {@code BEDROCK_CALL_TIMEOUT_MS} (60000), {@code BEDROCK_RETRY_ATTEMPTS} (4, first call included),
 * {@code BEDROCK_RETRY_BACKOFF_MS} (500, doubled per retry up to 20 s), {@code BEDROCK_REGION_RATE_PER_SECOND} (5; calls
 * per second per region, shared by every worker), {@code BEDROCK_MODEL_CACHE_SECONDS} (300).
 * The constructor rejects bad values rather than clamping them.
 *
 * @param controlEndpoint    template for the control plane (ListFoundationModels), or null for AWS's
 * @param runtimeEndpoint    template for the runtime (Converse, ConverseStream), or null for AWS's
 * @param connectTimeout     TCP connect timeout
 * @param callTimeout        limit on one whole API call, streaming included
 * @param retryAttempts      calls per operation, first one included (1 = no retry)
 * @param retryBackoff       wait before the first retry; doubled for each next one
 * @param retryMaxBackoff    longest wait between retries
 * @param regionRatePerSecond Bedrock calls per second allowed per region across all workers
 * @param modelListTtl       how long a region's ListFoundationModels answer is reused
 */
public record CertificationConfig(String controlEndpoint, String runtimeEndpoint, Duration connectTimeout,
                                  Duration callTimeout, int retryAttempts, Duration retryBackoff,
                                  Duration retryMaxBackoff, int regionRatePerSecond, Duration modelListTtl) {

    public static final String REGION_PLACEHOLDER = "{region}";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_RETRY_ATTEMPTS = 4;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(20);
    public static final int DEFAULT_REGION_RATE_PER_SECOND = 5;
    public static final Duration DEFAULT_MODEL_LIST_TTL = Duration.ofMinutes(5);

    public CertificationConfig {
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(callTimeout, "call timeout");
        requirePositive(retryBackoff, "retry backoff");
        requirePositive(retryMaxBackoff, "retry max backoff");
        requirePositive(modelListTtl, "model list TTL");
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("BEDROCK_RETRY_ATTEMPTS must be at least 1, got " + retryAttempts);
        }
        if (regionRatePerSecond < 1) {
            throw new IllegalArgumentException("BEDROCK_REGION_RATE_PER_SECOND must be at least 1, got "
                    + regionRatePerSecond);
        }
        checkTemplate(controlEndpoint, "BEDROCK_ENDPOINT");
        checkTemplate(runtimeEndpoint, "BEDROCK_RUNTIME_ENDPOINT");
    }

    /** Every default, AWS's endpoints. */
    public static CertificationConfig defaults() {
        return new CertificationConfig(null, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_CALL_TIMEOUT,
                DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_BACKOFF, DEFAULT_RETRY_MAX_BACKOFF,
                DEFAULT_REGION_RATE_PER_SECOND, DEFAULT_MODEL_LIST_TTL);
    }

    public static CertificationConfig fromEnv(Map<String, String> env) {
        return new CertificationConfig(
                blankToNull(env.get("BEDROCK_ENDPOINT")),
                blankToNull(env.get("BEDROCK_RUNTIME_ENDPOINT")),
                millis(env, "BEDROCK_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT),
                millis(env, "BEDROCK_CALL_TIMEOUT_MS", DEFAULT_CALL_TIMEOUT),
                integer(env, "BEDROCK_RETRY_ATTEMPTS", DEFAULT_RETRY_ATTEMPTS),
                millis(env, "BEDROCK_RETRY_BACKOFF_MS", DEFAULT_RETRY_BACKOFF),
                DEFAULT_RETRY_MAX_BACKOFF,
                integer(env, "BEDROCK_REGION_RATE_PER_SECOND", DEFAULT_REGION_RATE_PER_SECOND),
                Duration.ofSeconds(integer(env, "BEDROCK_MODEL_CACHE_SECONDS",
                        (int) DEFAULT_MODEL_LIST_TTL.toSeconds())));
    }

    /** Both endpoint templates set to {@code template} (a simulator serves both planes). */
    public CertificationConfig withEndpoints(String template) {
        return new CertificationConfig(template, template, connectTimeout, callTimeout, retryAttempts, retryBackoff,
                retryMaxBackoff, regionRatePerSecond, modelListTtl);
    }

    public CertificationConfig withRetry(int attempts, Duration backoff) {
        return new CertificationConfig(controlEndpoint, runtimeEndpoint, connectTimeout, callTimeout, attempts,
                backoff, retryMaxBackoff, regionRatePerSecond, modelListTtl);
    }

    public CertificationConfig withCallTimeout(Duration timeout) {
        return new CertificationConfig(controlEndpoint, runtimeEndpoint, connectTimeout, timeout, retryAttempts,
                retryBackoff, retryMaxBackoff, regionRatePerSecond, modelListTtl);
    }

    public Optional<URI> controlEndpointFor(String region) {
        return expand(controlEndpoint, region);
    }

    public Optional<URI> runtimeEndpointFor(String region) {
        return expand(runtimeEndpoint, region);
    }

    private static Optional<URI> expand(String template, String region) {
        return Optional.ofNullable(template).map(t -> URI.create(t.replace(REGION_PLACEHOLDER, region)));
    }

    private static void checkTemplate(String template, String name) {
        if (template == null) {
            return;
        }
        URI uri = URI.create(template.replace(REGION_PLACEHOLDER, "us-east-1"));
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got " + template);
        }
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        return env.containsKey(name) ? Duration.ofMillis(integer(env, name, 0)) : fallback;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
        }
    }
}
