package dev.drover.sync.crm;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the SprintHub CRM API, read from the environment by {@link #fromEnv(Map)}.
 *
 * <p>{@code SPRINTHUB_BASE_URL} may come with or without a scheme ({@code sprinthub-api-master.sprinthub.app}, as the
 * seed's environment writes it, means {@code https://}). The seed's {@code VITE_SPRINTHUB_*} names are accepted as
 * fallbacks. {@link #toString()} never shows the token.
 *
 * @param baseUrl           scheme, host and optional port and path prefix, without a trailing slash
 * @param token             the {@code apitoken}; a secret
 * @param instance          the {@code i} parameter: the CRM instance
 * @param pageSize          leads per page ({@code limit})
 * @param requestsPerSecond the request rate shared by every worker against this API
 * @param connectTimeout    TCP connect timeout
 * @param requestTimeout    time allowed for one response, after which the attempt counts as an I/O error
 * @param maxAttempts       attempts per call, retries included
 * @param initialBackoff    wait before the first retry, doubled on each further retry
 * @param maxBackoff        cap on the backoff and on a server's {@code Retry-After}
 */
public record SprintHubConfig(URI baseUrl, String token, String instance, int pageSize, int requestsPerSecond,
                              Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                              Duration initialBackoff, Duration maxBackoff) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_REQUESTS_PER_SECOND = 5;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    public SprintHubConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        require(token != null && !token.isBlank(), "SPRINTHUB_API_TOKEN is required");
        require(instance != null && !instance.isBlank(), "SPRINTHUB_INSTANCE is required");
        require(pageSize > 0, "page size must be positive, got " + pageSize);
        require(requestsPerSecond > 0, "request rate must be positive, got " + requestsPerSecond);
        require(maxAttempts > 0, "max attempts must be positive, got " + maxAttempts);
        require(positive(connectTimeout) && positive(requestTimeout), "timeouts must be positive");
        require(positive(initialBackoff) && positive(maxBackoff), "backoffs must be positive");
    }

    /** The defaults for everything but where to go and who to be. */
    public static SprintHubConfig of(String baseUrl, String token, String instance) {
        return new SprintHubConfig(normalize(baseUrl), token, instance, DEFAULT_PAGE_SIZE, DEFAULT_REQUESTS_PER_SECOND,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF);
    }

    /**
     * Reads {@code SPRINTHUB_BASE_URL}, {@code SPRINTHUB_API_TOKEN}, {@code SPRINTHUB_INSTANCE} (required) and
     * {@code SPRINTHUB_PAGE_SIZE}, {@code SPRINTHUB_REQUESTS_PER_SECOND}, {@code SPRINTHUB_CONNECT_TIMEOUT_MS},
     * {@code SPRINTHUB_TIMEOUT_MS}, {@code SPRINTHUB_MAX_ATTEMPTS}, {@code SPRINTHUB_BACKOFF_MS},
     * {@code SPRINTHUB_MAX_BACKOFF_MS} (optional).
     */
    public static SprintHubConfig fromEnv(Map<String, String> env) {
        String base = get(env, "SPRINTHUB_BASE_URL");
        require(base != null && !base.isBlank(), "SPRINTHUB_BASE_URL is required");
        return new SprintHubConfig(normalize(base), get(env, "SPRINTHUB_API_TOKEN"), get(env, "SPRINTHUB_INSTANCE"),
                intVar(env, "SPRINTHUB_PAGE_SIZE", DEFAULT_PAGE_SIZE),
                intVar(env, "SPRINTHUB_REQUESTS_PER_SECOND", DEFAULT_REQUESTS_PER_SECOND),
                msVar(env, "SPRINTHUB_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT),
                msVar(env, "SPRINTHUB_TIMEOUT_MS", DEFAULT_REQUEST_TIMEOUT),
                intVar(env, "SPRINTHUB_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
                msVar(env, "SPRINTHUB_BACKOFF_MS", DEFAULT_INITIAL_BACKOFF),
                msVar(env, "SPRINTHUB_MAX_BACKOFF_MS", DEFAULT_MAX_BACKOFF));
    }

    public SprintHubConfig withPageSize(int size) {
        return new SprintHubConfig(baseUrl, token, instance, size, requestsPerSecond, connectTimeout, requestTimeout,
                maxAttempts, initialBackoff, maxBackoff);
    }

    public SprintHubConfig withTimeouts(Duration connect, Duration request) {
        return new SprintHubConfig(baseUrl, token, instance, pageSize, requestsPerSecond, connect, request,
                maxAttempts, initialBackoff, maxBackoff);
    }

    public SprintHubConfig withRetry(int attempts, Duration initial, Duration max) {
        return new SprintHubConfig(baseUrl, token, instance, pageSize, requestsPerSecond, connectTimeout,
                requestTimeout, attempts, initial, max);
    }

    public SprintHubConfig withRequestsPerSecond(int rate) {
        return new SprintHubConfig(baseUrl, token, instance, pageSize, rate, connectTimeout, requestTimeout,
                maxAttempts, initialBackoff, maxBackoff);
    }

    /** Adds {@code https://} when the URL has no scheme and drops trailing slashes. */
    static URI normalize(String url) {
        String u = url.strip();
        if (!u.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            u = "https://" + u;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri = URI.create(u);
        require(uri.getHost() != null, "SPRINTHUB_BASE_URL has no host: " + url);
        return uri;
    }

    @Override
    public String toString() {
        return "SprintHubConfig[baseUrl=" + baseUrl + ", instance=" + instance + ", token=***, pageSize=" + pageSize
                + ", requestsPerSecond=" + requestsPerSecond + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + "]";
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank() ? v : env.get("VITE_" + name);
    }

    private static int intVar(Map<String, String> env, String name, int dflt) {
        String v = get(env, name);
        try {
            return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
        }
    }

    private static Duration msVar(Map<String, String> env, String name, Duration dflt) {
        String v = get(env, name);
        return v == null || v.isBlank() ? dflt : Duration.ofMillis(intVar(env, name, 0));
    }

    private static boolean positive(Duration d) {
        return d != null && d.isPositive();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
