package dev.drover.testing.sim.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's "model": turns a Converse request body into a deterministic answer, or into the ValidationException
 * Bedrock would send for it. Rules, first match wins:
 * <ol>
 *   <li>no messages, or a blank text in the last user message: ValidationException;</li>
 *   <li>temperature or topP outside [0, 1], maxTokens below 1: ValidationException;</li>
 *   <li>"Reply with exactly: X" (case-insensitive) answers X;</li>
 *   <li>a prompt mentioning JSON answers {@code {"status":"ok","answer":42}} (broken JSON when scripted);</li>
 *   <li>anything else answers "Echo: " and the prompt.</li>
 * </ol>
 * A system message "Always begin your reply with 'W'" prefixes the answer with W. A token is one word: the answer is
 * cut to {@code maxTokens} words with stop reason {@code max_tokens}.
 */
final class SimBrain {

    private static final Pattern EXACT = Pattern.compile("(?is).*reply with exactly\\s*:\\s*(.+?)\\s*$");
    private static final Pattern BEGIN_WITH =
            Pattern.compile("(?i)always (?:begin|start) your (?:reply|answer) with ['\"]([^'\"]+)['\"]");
    static final String JSON_ANSWER = "{\"status\":\"ok\",\"answer\":42}";
    static final String BAD_JSON_ANSWER = "Sure! Here is the JSON: {\"status\": \"ok\", \"answer\": ";

    /**
     * A computed answer.
     *
     * @param text         the assistant's text
     * @param stopReason   {@code end_turn} or {@code max_tokens}
     * @param inputTokens  words in the system and user text
     * @param outputTokens words in {@code text}
     */
    record Answer(String text, String stopReason, int inputTokens, int outputTokens) {
    }

    /** Either an answer or an error, never both. */
    record Outcome(Answer answer, AwsError error) {
    }

    private SimBrain() {
    }

    static Outcome answer(JsonNode body, boolean badJson, boolean emptyReply) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return error("A conversation must start with a user message. Try again with a conversation that"
                    + " starts with a user message.");
        }
        int last = messages.size() - 1;
        String prompt = text(messages.get(last).path("content"));
        if (prompt.isBlank()) {
            return error("The text field in the ContentBlock object at messages." + last
                    + ".content.0 is blank. Add text to the text field, and try again.");
        }
        JsonNode config = body.path("inferenceConfig");
        String badParam = checkParameters(config);
        if (badParam != null) {
            return error(badParam);
        }
        String system = text(body.path("system"));
        String full = emptyReply ? "" : prefix(system) + reply(prompt, badJson);
        int maxTokens = config.path("maxTokens").asInt(Integer.MAX_VALUE);
        return new Outcome(truncate(full, maxTokens, words(system) + words(prompt)), null);
    }

    private static String reply(String prompt, boolean badJson) {
        Matcher exact = EXACT.matcher(prompt);
        if (exact.matches()) {
            return exact.group(1);
        }
        if (prompt.toLowerCase().contains("json")) {
            return badJson ? BAD_JSON_ANSWER : JSON_ANSWER;
        }
        return "Echo: " + prompt;
    }

    private static String prefix(String system) {
        Matcher m = BEGIN_WITH.matcher(system);
        return m.find() ? m.group(1) + " " : "";
    }

    private static String checkParameters(JsonNode config) {
        if (outside(config.path("temperature"))) {
            return "The value at inferenceConfig.temperature must be between 0 and 1.";
        }
        if (outside(config.path("topP"))) {
            return "The value at inferenceConfig.topP must be between 0 and 1.";
        }
        if (config.has("maxTokens") && config.path("maxTokens").asInt() < 1) {
            return "The value at inferenceConfig.maxTokens must be greater than or equal to 1.";
        }
        return null;
    }

    private static boolean outside(JsonNode n) {
        return n.isNumber() && (n.asDouble() < 0 || n.asDouble() > 1);
    }

    private static Answer truncate(String text, int maxTokens, int inputTokens) {
        String[] parts = text.isEmpty() ? new String[0] : text.split(" ");
        if (parts.length <= maxTokens) {
            return new Answer(text, "end_turn", inputTokens, parts.length);
        }
        String cut = String.join(" ", Arrays.copyOf(parts, maxTokens));
        return new Answer(cut, "max_tokens", inputTokens, maxTokens);
    }

    /** The text blocks of a content (or system) array, joined by newlines. */
    static String text(JsonNode blocks) {
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> {
            if (b.has("text")) {
                out.add(b.path("text").asText());
            }
        });
        return String.join("\n", out);
    }

    /** The answer's streaming chunks: one word (with its following space) per delta. */
    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        String[] parts = text.isEmpty() ? new String[0] : text.split(" ");
        for (int i = 0; i < parts.length; i++) {
            out.add(i < parts.length - 1 ? parts[i] + " " : parts[i]);
        }
        return out;
    }

    private static int words(String s) {
        return s.isBlank() ? 0 : s.trim().split("\\s+").length;
    }

    private static Outcome error(String message) {
        return new Outcome(null, AwsError.validation(message));
    }
}
