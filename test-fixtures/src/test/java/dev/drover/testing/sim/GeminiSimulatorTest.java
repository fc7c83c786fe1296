package dev.drover.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testing.sim.gemini.GeminiSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GeminiSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersWithAnInlinePngInTheRealResponseShape() throws Exception {
        try (GeminiSimulator sim = GeminiSimulator.start("k1")) {
            HttpResponse<String> r = post(sim, "gemini-2.5-flash-image", "k1", "a red fox");

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode parts = JSON.readTree(r.body()).path("candidates").path(0).path("content").path("parts");
            JsonNode inline = parts.path(1).path("inlineData");
            assertThat(parts.path(0).path("text").asText()).isNotEmpty();
            assertThat(inline.path("mimeType").asText()).isEqualTo("image/png");
            byte[] png = Base64.getDecoder().decode(inline.path("data").asText());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(sim.requests()).singleElement().satisfies(q -> {
                assertThat(q.model()).isEqualTo("gemini-2.5-flash-image");
                assertThat(q.prompt()).isEqualTo("a red fox");
            });
        }
    }

    @Test
    void scriptsErrorsTextOnlyAnswersAndKeys() throws Exception {
        try (GeminiSimulator sim = GeminiSimulator.start("k1")) {
            sim.failWhenPromptContains("flaky", 429, 1).failWhenPromptContains("bad", 400, Integer.MAX_VALUE)
                    .textOnlyWhenPromptContains("words");

            assertThat(post(sim, "m", "k1", "flaky").statusCode()).isEqualTo(429);
            assertThat(post(sim, "m", "k1", "flaky").statusCode()).isEqualTo(200);
            HttpResponse<String> bad = post(sim, "m", "k1", "bad");
            assertThat(JSON.readTree(bad.body()).path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
            JsonNode words = JSON.readTree(post(sim, "m", "k1", "words").body());
            assertThat(words.path("candidates").path(0).path("content").path("parts")).hasSize(1);
            assertThat(post(sim, "m", "wrong", "x").statusCode()).isEqualTo(400);
            assertThat(post(sim, "m", null, "x").statusCode()).isEqualTo(403);
        }
    }

    private HttpResponse<String> post(GeminiSimulator sim, String model, String key, String prompt) throws Exception {
        String body = "{\"contents\":[{\"parts\":[{\"text\":" + JSON.writeValueAsString(prompt) + "}]}]}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1beta/models/" + model + ":generateContent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("x-goog-api-key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
