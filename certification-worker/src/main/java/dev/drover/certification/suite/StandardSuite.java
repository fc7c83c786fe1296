package dev.drover.certification.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.certification.ErrorCategory;
import dev.drover.certification.bedrock.BedrockCallException;
import dev.drover.certification.bedrock.Prompt;
import dev.drover.certification.bedrock.Reply;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The seven tests every model is certified with (SPEC 4.1), in the order they run. Prompts are written so that any
 * capable chat model passes them, and so that the local Bedrock simulator's rules answer them deterministically.
 */
public final class StandardSuite {

    static final String SYSTEM_WORD = "CERTIFIED";
    static final String FIXED_ANSWER = "Paris";
    static final int MAX_TOKENS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardSuite() {
    }

    public static List<SuiteTest> tests() {
        return List.of(
                new SuiteTest("basic_prompt", "Basic prompt", StandardSuite::basicPrompt),
                new SuiteTest("system_message", "System message", StandardSuite::systemMessage),
                new SuiteTest("parameters", "Parameter handling (temperature, topP, maxTokens)",
                        StandardSuite::parameters),
                new SuiteTest("streaming", "Streaming yields chunks", StandardSuite::streaming),
                new SuiteTest("json_output", "JSON output parses", StandardSuite::jsonOutput),
                new SuiteTest("fixed_answer", "Fixed-answer check", StandardSuite::fixedAnswer),
                new SuiteTest("empty_prompt", "Empty prompt handled as an error", StandardSuite::emptyPrompt));
    }

    static void basicPrompt(ModelSession m) {
        Reply r = m.converse(Prompt.of("Hello! Please answer with a short friendly greeting."));
        requireText(r);
    }

    static void systemMessage(ModelSession m) {
        Reply r = m.converse(Prompt.of("Say one sentence about the sea.")
                .withSystem("Always begin your reply with '" + SYSTEM_WORD + "'."));
        requireText(r);
        if (!r.text().strip().toUpperCase(Locale.ROOT).startsWith(SYSTEM_WORD)) {
            throw TestFailure.invalidResponse("the system message was ignored: reply does not begin with "
                    + SYSTEM_WORD + ": " + abbreviate(r.text()));
        }
    }

    static void parameters(ModelSession m) {
        Reply r = m.converse(Prompt.of("Count from one to one hundred in words, separated by spaces.")
                .withParameters(0.2, 0.9, MAX_TOKENS));
        requireText(r);
        // A model that honours maxTokens either stops for that reason or reports no more tokens than allowed.
        if (!"max_tokens".equals(r.stopReason()) && r.outputTokens() > MAX_TOKENS) {
            throw TestFailure.invalidResponse("maxTokens=" + MAX_TOKENS + " was ignored: " + r.outputTokens()
                    + " output tokens, stop reason " + r.stopReason());
        }
    }

    static void streaming(ModelSession m) {
        Reply r = m.converseStream(Prompt.of("Write two short sentences about mountains."));
        if (r.chunks() < 1 || r.text().isBlank()) {
            throw TestFailure.invalidResponse("the stream carried no text (" + r.chunks() + " chunks)");
        }
    }

    static void jsonOutput(ModelSession m) {
        Reply r = m.converse(Prompt.of("Return a JSON object with the keys \"status\" and \"answer\"."
                + " Respond with JSON only, no prose.").withParameters(0.0, null, 200));
        try {
            JsonNode node = JSON.readTree(stripFences(r.text()));
            if (node == null || !node.isObject()) {
                throw TestFailure.invalidResponse("the reply is JSON but not an object: " + abbreviate(r.text()));
            }
        } catch (IOException e) {
            throw TestFailure.invalidResponse("the reply is not valid JSON: " + abbreviate(r.text()));
        }
    }

    static void fixedAnswer(ModelSession m) {
        Reply r = m.converse(Prompt.of("What is the capital of France? Reply with exactly: " + FIXED_ANSWER)
                .withParameters(0.0, null, 20));
        String answer = r.text().strip().replaceAll("[.!\"']+$", "").strip();
        if (!answer.equalsIgnoreCase(FIXED_ANSWER)) {
            throw TestFailure.invalidResponse("expected '" + FIXED_ANSWER + "', got '" + abbreviate(r.text()) + "'");
        }
    }

    static void emptyPrompt(ModelSession m) {
        try {
            m.converse(Prompt.of(""));
        } catch (BedrockCallException e) {
            if (e.category() == ErrorCategory.VALIDATION) {
                return;
            }
            throw e;
        }
        throw TestFailure.invalidResponse("an empty prompt was accepted instead of rejected with a validation error");
    }

    private static void requireText(Reply r) {
        if (r.text().isBlank()) {
            throw TestFailure.invalidResponse("the model returned an empty reply");
        }
    }

    /** Models often wrap JSON in a Markdown code fence; the content counts, not the fence. */
    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        return t;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
