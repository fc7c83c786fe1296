package dev.drover.certification.suite;

import dev.drover.certification.bedrock.BedrockGateway;
import dev.drover.certification.bedrock.Prompt;
import dev.drover.certification.bedrock.Reply;

/**
 * The model under test as a test sees it: one region, one invocation id, calls through the gateway (rate-limited and
 * retried there).
 *
 * @param gateway  the way to Bedrock
 * @param region   the region under test
 * @param invokeAs the model id or inference-profile id to call
 */
public record ModelSession(BedrockGateway gateway, String region, String invokeAs) {

    public Reply converse(Prompt prompt) {
        return gateway.converse(region, invokeAs, prompt);
    }

    public Reply converseStream(Prompt prompt) {
        return gateway.converseStream(region, invokeAs, prompt);
    }
}
