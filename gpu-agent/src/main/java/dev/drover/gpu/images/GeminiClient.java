package dev.drover.gpu.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalFunction;
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
import java.util.Base64;
import java.util.List;

/**
 * Calls Gemini's {@code POST /v1beta/models/{model}:generateContent} for images: the prompt and any reference images
 * go as {@code contents[0].parts} ({@code text}, {@code inlineData}); {@code generationConfig} asks for TEXT and IMAGE
 * with the aspect ratio. Every {@code inlineData} part of every candidate is returned, text parts are ignored.
 *
 * <p>429, 5xx and I/O errors are retried with exponential backoff (resilience4j); other 4xx fail at once. An answer
 * with no image is a non-retryable {@link GeminiException} (status 200): asking again gives the same refusal.
 */
public final class GeminiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeminiConfig config;
    private final HttpClient http;
    private final Retry retry;

    public GeminiClient(GeminiConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.retry = Retry.of("gemini", RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.backoff(), 2.0))
                .retryOnException(e -> e instanceof GeminiException g && g.retryable())
                .build());
    }

    /** Generates images for one prompt; throws {@link GeminiException} when every try failed or none had an image. */
    public List<InlineImage> generate(String prompt, List<InlineImage> references, String aspectRatio) {
        String body = requestBody(prompt, references, aspectRatio);
        return Retry.decorateSupplier(retry, () -> call(body)).get();
    }

    private List<InlineImage> call(String body) {
        String model = URLEncoder.encode(config.model(), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/v1beta/models/" + model + ":generateContent"))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("x-goog-api-key", config.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GeminiException(0, true, "Gemini unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeminiException(0, false, "interrupted", e);
        }
        if (res.statusCode() != 200) {
            boolean retryable = res.statusCode() == 429 || res.statusCode() >= 500;
            throw new GeminiException(res.statusCode(), retryable, "Gemini answered " + res.statusCode() + ": " + errorMessage(res.body()), null);
        }
        return images(res.body());
    }

    static String requestBody(String prompt, List<InlineImage> references, String aspectRatio) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode parts = root.putArray("contents").addObject().putArray("parts");
        parts.addObject().put("text", prompt);
        for (InlineImage ref : references) {
            ObjectNode inline = parts.addObject().putObject("inlineData");
            inline.put("mimeType", ref.mimeType());
            inline.put("data", Base64.getEncoder().encodeToString(ref.data()));
        }
        ObjectNode gen = root.putObject("generationConfig");
        gen.putArray("responseModalities").add("TEXT").add("IMAGE");
        gen.putObject("imageConfig").put("aspectRatio", aspectRatio);
        return root.toString();
    }

    static List<InlineImage> images(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new GeminiException(200, true, "Gemini answered with malformed JSON", e);
        }
        List<InlineImage> out = new ArrayList<>();
        for (JsonNode candidate : root.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                // the REST API writes camelCase; accept snake_case too, as some proxies re-serialize it
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                if (inline != null && inline.hasNonNull("data")) {
                    String mime = inline.has("mimeType") ? inline.get("mimeType").asText() : inline.path("mime_type").asText("image/png");
                    out.add(new InlineImage(mime, Base64.getDecoder().decode(inline.get("data").asText())));
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeminiException(200, false, "Gemini answered without an image", null);
        }
        return out;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode err = JSON.readTree(body).path("error");
            return err.path("status").asText("?") + " " + err.path("message").asText("");
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
