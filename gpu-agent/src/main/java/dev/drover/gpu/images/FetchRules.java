package dev.drover.gpu.images;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImageFetcher} may fetch when a user hands the agent a URL (reference and training images).
 *
 * @param allowInsecureHttp plain {@code http} too, not only {@code https} ({@code ALLOW_INSECURE_FETCH}; local
 *                          development only)
 * @param allowFrom         address blocks that may be reached although they are not public ({@code ALLOW_FETCH_FROM},
 *                          e.g. {@code 127.0.0.1} for a local image server); matched against the address actually
 *                          connected to, never against a host name
 * @param maxBytes          the largest image accepted; a longer body is aborted while streaming
 * @param connectTimeout    the TCP (and TLS) connect limit
 * @param readTimeout       the longest silence while waiting for response bytes
 * @param totalTimeout      the limit for one fetch, redirects included (a server dripping bytes cannot hold a job)
 * @param maxRedirects      redirects followed, each one checked like the first URL
 */
public record FetchRules(boolean allowInsecureHttp, List<AddressRange> allowFrom, long maxBytes, Duration connectTimeout,
                         Duration readTimeout, Duration totalTimeout, int maxRedirects) {

    /** Gemini takes at most 20 MB of inline data per request; one reference image should be well under that. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    /** https to public addresses only, at most {@value #DEFAULT_MAX_BYTES} bytes, 5 redirects, 10 s / 30 s / 60 s. */
    public static final FetchRules STRICT = new FetchRules(false, List.of(), DEFAULT_MAX_BYTES, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), 5);

    public FetchRules {
        allowFrom = List.copyOf(allowFrom);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (maxBytes < 1 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxBytes must be positive and maxRedirects not negative");
        }
    }

    /** The strict defaults with the operator's two opt-ins. */
    public static FetchRules of(boolean allowInsecureHttp, List<String> allowFrom) {
        return STRICT.withAllowed(allowInsecureHttp, allowFrom.stream().filter(s -> !s.isBlank()).map(AddressRange::parse).toList());
    }

    public FetchRules withAllowed(boolean insecure, List<AddressRange> from) {
        return new FetchRules(insecure, from, maxBytes, connectTimeout, readTimeout, totalTimeout, maxRedirects);
    }

    public FetchRules withMaxBytes(long max) {
        return new FetchRules(allowInsecureHttp, allowFrom, max, connectTimeout, readTimeout, totalTimeout, maxRedirects);
    }

    public FetchRules withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchRules(allowInsecureHttp, allowFrom, maxBytes, connect, read, total, maxRedirects);
    }

    /** Why connecting to {@code address} is refused (see {@link NonPublicAddresses#refusal}); null when allowed. */
    String refusal(InetAddress address) {
        if (allowFrom.stream().anyMatch(r -> r.contains(address))) {
            return null;
        }
        return NonPublicAddresses.refusal(address);
    }

    /** For the start-up log: what is allowed beyond the strict rules. */
    public String describe() {
        return (allowInsecureHttp ? "https and http" : "https only") + ", public addresses"
                + (allowFrom.isEmpty() ? " only" : " and " + allowFrom) + ", at most " + maxBytes + " bytes";
    }
}
