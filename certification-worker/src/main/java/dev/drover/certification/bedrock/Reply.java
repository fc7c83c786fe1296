package dev.drover.certification.bedrock;

/**
 * A model's answer.
 *
 * @param text         the text content, joined
 * @param stopReason   e.g. {@code end_turn}, {@code max_tokens}
 * @param outputTokens as reported by Bedrock's usage, or -1 when absent
 * @param chunks       text deltas received (ConverseStream); 0 for Converse
 */
public record Reply(String text, String stopReason, int outputTokens, int chunks) {
}
