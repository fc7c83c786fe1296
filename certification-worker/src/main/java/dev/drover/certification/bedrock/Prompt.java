package dev.drover.certification.bedrock;

/**
 * One Converse request: an optional system message, the user's text and optional inference parameters (null = the
 * model's default).
 */
public record Prompt(String system, String user, Double temperature, Double topP, Integer maxTokens) {

    public static Prompt of(String user) {
        return new Prompt(null, user, null, null, null);
    }

    public Prompt withSystem(String systemText) {
        return new Prompt(systemText, user, temperature, topP, maxTokens);
    }

    public Prompt withParameters(Double newTemperature, Double newTopP, Integer newMaxTokens) {
        return new Prompt(system, user, newTemperature, newTopP, newMaxTokens);
    }
}
