package dev.drover.testing.sim.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Serves {@code POST /v1beta/models/{model}:generateContent} for {@link GeminiSimulator}: checks the key, reads the
 * prompt from the request's text parts, applies the simulator's rules and writes the response or Google's error body.
 */
final class GeminiHandler implements HttpHandler {

    private static final Pattern PATH = Pattern.compile("^/v1beta/models/([^/:]+):generateContent$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeminiSimulator sim;

    GeminiHandler(GeminiSimulator sim) {
        this.sim = sim;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches() || !"POST".equals(ex.getRequestMethod())) {
                error(ex, 404, "NOT_FOUND", "Requested entity was not found.");
                return;
            }
            String key = Optional.ofNullable(ex.getRequestHeaders().getFirst("x-goog-api-key"))
                    .orElseGet(() -> queryKey(ex.getRequestURI().getRawQuery()));
            if (key == null) {
                error(ex, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
                return;
            }
            if (!sim.keyMatches(key)) {
                error(ex, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
                return;
            }
            generate(ex, m.group(1));
        }
    }

    private void generate(HttpExchange ex, String model) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            error(ex, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        JsonNode parts = body.path("contents").path(0).path("parts");
        if (!parts.isArray() || parts.isEmpty()) {
            sim.record(new GeminiSimulator.Request(model, "", 0, 400));
            error(ex, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
            return;
        }
        String prompt = prompt(body.path("contents"));
        int images = countImages(body.path("contents"));
        Optional<GeminiSimulator.Rule> rule = sim.take(prompt);
        int status = rule.map(GeminiSimulator.Rule::status).orElse(200);
        sim.record(new GeminiSimulator.Request(model, prompt, images, status));
        if (status != 200) {
            error(ex, status, statusName(status), message(status));
        } else {
            send(ex, 200, response(model, prompt, rule.isEmpty()));
        }
    }

    private static String prompt(JsonNode contents) {
        StringBuilder b = new StringBuilder();
        for (JsonNode content : contents) {
            for (JsonNode part : content.path("parts")) {
                if (part.has("text")) {
                    b.append(b.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
            }
        }
        return b.toString();
    }

    private static int countImages(JsonNode contents) {
        int n = 0;
        for (JsonNode content : contents) {
            for (JsonNode part : content.path("parts")) {
                n += part.has("inlineData") || part.has("inline_data") ? 1 : 0;
            }
        }
        return n;
    }

    private static ObjectNode response(String model, String prompt, boolean withImage) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        parts.addObject().put("text", withImage ? "Here is the image you asked for." : "I can't create that image, but here is a description instead.");
        if (withImage) {
            ObjectNode inline = parts.addObject().putObject("inlineData");
            inline.put("mimeType", "image/png");
            inline.put("data", Base64.getEncoder().encodeToString(png(prompt)));
        }
        content.put("role", "model");
        candidate.put("finishReason", "STOP");
        candidate.put("index", 0);
        ObjectNode usage = root.putObject("usageMetadata");
        usage.put("promptTokenCount", Math.max(1, prompt.length() / 4));
        usage.put("candidatesTokenCount", withImage ? 1290 : 12);
        usage.put("totalTokenCount", Math.max(1, prompt.length() / 4) + (withImage ? 1290 : 12));
        root.put("modelVersion", model);
        return root;
    }

    /** A small PNG whose colour depends on the prompt, so different prompts give different bytes. */
    static byte[] png(String prompt) {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Color c = new Color(prompt.hashCode() & 0xFFFFFF);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                img.setRGB(x, y, (x + y) % 2 == 0 ? c.getRGB() : c.darker().getRGB());
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "Request contains an invalid argument.";
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 503 -> "The model is overloaded. Please try again later.";
            default -> status >= 500 ? "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting" : "Precondition check failed.";
        };
    }

    private static void error(HttpExchange ex, int status, String name, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", status);
        err.put("message", message);
        err.put("status", name);
        send(ex, status, root);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String queryKey(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("key=")) {
                return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
