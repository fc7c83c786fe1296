package dev.drover.sync.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The two SprintHub calls the sync needs: one page of a segment's leads and one full lead.
 *
 * <p>Each HTTP attempt first takes a permit from the shared {@link RequestRateLimiter}. Throttling (429, waiting as long
 * as {@code Retry-After} says, capped at {@link SprintHubConfig#maxBackoff()}), 5xx, I/O errors, timeouts and malformed
 * JSON are retried with exponential backoff up to {@link SprintHubConfig#maxAttempts()}; 401/403 throw
 * {@link SprintHubAuthException} at once and other 4xx a terminal {@link SprintHubException}. The token never appears
 * in messages, logs or {@link #toString()}. Thread-safe; one instance serves every run of a process.
 */
public final class SprintHubClient {

    /** Fields asked of the page call: every field the leads table maps. */
    public static final String LEAD_QUERY = "{total,leads{id,firstname,lastname,email,phone,mobile,whatsapp,city,"
            + "state,country,points,owner,stage,createDate,updateDate,lastActive,archived}}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SprintHubConfig config;
    private final RequestRateLimiter limiter;
    private final HttpClient http;
    private final Retry retry;

    public SprintHubClient(SprintHubConfig config, RequestRateLimiter limiter) {
        this(config, limiter, HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    public SprintHubClient(SprintHubConfig config, RequestRateLimiter limiter, HttpClient http) {
        this.config = config;
        this.limiter = limiter;
        this.http = http;
        this.retry = Retry.of("sprinthub", RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(RetryableFailure.class)
                .intervalBiFunction(this::waitBeforeRetry)
                .build());
    }

    /** Page {@code page} (from 0) of segment {@code segmentId}, {@link SprintHubConfig#pageSize()} leads, by id. */
    public LeadPage fetchPage(long segmentId, int page) {
        ObjectNode body = JSON.createObjectNode()
                .put("page", page).put("limit", config.pageSize())
                .put("orderByKey", "id").put("orderByDirection", "asc").put("query", LEAD_QUERY);
        URI uri = uri("/leadsfromtype/segment/" + segmentId, "");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String what = "segment " + segmentId + " page " + page;
        return call(what, request, (root, attempts) -> toPage(what, root, attempts));
    }

    /** The lead with every field ({@code allFields=1}), as the CRM returns it. */
    public JsonNode fetchLead(long leadId) {
        URI uri = uri("/leads/" + leadId, "&allFields=1");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Accept", "application/json").GET().build();
        String what = "lead " + leadId;
        return call(what, request, (root, attempts) -> {
            JsonNode lead = unwrap(root);
            if (!lead.isObject()) {
                throw new SprintHubException("unexpected answer for " + what + ": not a JSON object", 200, attempts, false, null);
            }
            return lead;
        });
    }

    public SprintHubConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "SprintHubClient[" + config + "]";
    }

    private interface Parser<T> {
        T parse(JsonNode root, int attempts);
    }

    private <T> T call(String what, HttpRequest request, Parser<T> parser) {
        AtomicInteger attempts = new AtomicInteger();
        String target = request.method() + " " + Secrets.redact(request.uri().toString());
        try {
            JsonNode root = retry.executeCallable(() -> {
                attempts.incrementAndGet();
                limiter.acquire();
                return attempt(what, target, request, attempts.get());
            });
            return parser.parse(root, attempts.get());
        } catch (RetryableFailure f) {
            throw new SprintHubException("SprintHub " + what + " failed after " + attempts.get() + " attempts: "
                    + f.getMessage(), f.status, attempts.get(), true, f.getCause());
        } catch (SprintHubException e) {
            throw e;
        } catch (Exception e) {
            throw new SprintHubException("SprintHub " + what + " failed: " + Secrets.redact(String.valueOf(e)),
                    -1, attempts.get(), true, null);
        }
    }

    /** One HTTP exchange: returns the parsed JSON or throws a retryable or terminal failure. */
    private JsonNode attempt(String what, String target, HttpRequest request, int attempt) throws RetryableFailure {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The JDK's messages can quote the URI; keep only the redacted target and the exception type.
            throw new RetryableFailure(target + ": " + e.getClass().getSimpleName() + " " + Secrets.redact(e.getMessage()), -1, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SprintHubException("interrupted while calling SprintHub for " + what, -1, attempt, true, null);
        }
        int status = response.statusCode();
        checkStatus(what, target, response, attempt);
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new RetryableFailure(target + ": malformed JSON in the answer (HTTP " + status + ", "
                    + response.body().length() + " chars)", status, null, null);
        }
    }

    private void checkStatus(String what, String target, HttpResponse<String> response, int attempt) throws RetryableFailure {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new SprintHubAuthException("SprintHub refused " + target + " with HTTP " + status
                    + ": check SPRINTHUB_API_TOKEN and SPRINTHUB_INSTANCE (" + config.instance() + ")", status, attempt);
        }
        if (status == 429) {
            throw new RetryableFailure(target + ": throttled (HTTP 429)", status,
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        if (status >= 500) {
            throw new RetryableFailure(target + ": HTTP " + status, status, null, null);
        }
        if (status < 200 || status >= 300) {
            String reason = status == 404 ? " (" + what + " does not exist)" : "";
            throw new SprintHubException("SprintHub answered " + target + " with HTTP " + status + reason,
                    status, attempt, false, null);
        }
    }

    private long waitBeforeRetry(int attempt, io.github.resilience4j.core.functions.Either<Throwable, Object> outcome) {
        long cap = config.maxBackoff().toMillis();
        if (outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure f && f.retryAfter != null) {
            return Math.min(f.retryAfter.toMillis(), cap);
        }
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        // Up to 20 % jitter so that workers throttled together do not come back together.
        long jitter = ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Math.min(base + jitter, cap);
    }

    private LeadPage toPage(String what, JsonNode root, int attempts) {
        JsonNode payload = unwrap(root);
        JsonNode leads = payload.get("leads");
        if (leads == null || !leads.isArray()) {
            throw new SprintHubException("unexpected answer for " + what + ": no \"leads\" array", 200, attempts, false, null);
        }
        List<JsonNode> list = new ArrayList<>(leads.size());
        leads.forEach(list::add);
        long total = payload.path("total").canConvertToLong() ? payload.path("total").asLong() : -1;
        return new LeadPage(total, list, attempts);
    }

    /** SprintHub wraps answers in {@code {"data": ...}}; some deployments do not. */
    private static JsonNode unwrap(JsonNode root) {
        JsonNode data = root.get("data");
        return data != null && data.isObject() ? data : root;
    }

    private URI uri(String path, String extraQuery) {
        return URI.create(config.baseUrl() + path + "?i=" + encode(config.instance()) + extraQuery
                + "&apitoken=" + encode(config.token()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
