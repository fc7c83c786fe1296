package dev.drover.gpu.images;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how to call Gemini, from the environment: {@code GEMINI_BASE_URL} (default the public API),
 * {@code GEMINI_API_KEY} (required), {@code GEMINI_MODEL_NAME} (default {@value #DEFAULT_MODEL}).
 *
 * @param maxAttempts tries per image, the first included, on 429 / 5xx / I/O errors
 * @param backoff     the first wait between tries; it doubles each time
 */
public record GeminiConfig(String baseUrl, String apiKey, String model, Duration timeout, int maxAttempts, Duration backoff) {

    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    public static final String DEFAULT_MODEL = "gemini-2.5-flash-image";

    public GeminiConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("GEMINI_API_KEY is not set");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public static GeminiConfig fromEnv(Map<String, String> env) {
        return new GeminiConfig(env.getOrDefault("GEMINI_BASE_URL", DEFAULT_BASE_URL), env.get("GEMINI_API_KEY"),
                env.getOrDefault("GEMINI_MODEL_NAME", DEFAULT_MODEL), Duration.ofSeconds(120), 4, Duration.ofSeconds(2));
    }

    /** {@code toString} must never show the key: configs end up in logs. */
    @Override
    public String toString() {
        return "GeminiConfig[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + "]";
    }

    public GeminiConfig withRetry(int attempts, Duration firstBackoff) {
        return new GeminiConfig(baseUrl, apiKey, model, timeout, attempts, firstBackoff);
    }
}
