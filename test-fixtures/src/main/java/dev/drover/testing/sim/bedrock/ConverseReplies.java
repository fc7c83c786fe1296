package dev.drover.testing.sim.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Writes a {@link SimBrain.Answer} as Bedrock does: a Converse JSON document
 * ({@code output.message.content[].text}, {@code stopReason}, {@code usage}, {@code metrics}), or a ConverseStream
 * event stream of messageStart, one contentBlockDelta per word, contentBlockStop, messageStop and metadata.
 */
final class ConverseReplies {

    private ConverseReplies() {
    }

    static ObjectNode converse(SimBrain.Answer a) {
        ObjectNode body = BedrockRouter.JSON.createObjectNode();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", a.text());
        body.put("stopReason", a.stopReason());
        body.set("usage", usage(a));
        body.putObject("metrics").put("latencyMs", 1);
        return body;
    }

    /** Streams the answer; each frame is flushed on its own so that a client sees the chunks arrive one by one. */
    static void stream(HttpExchange ex, SimBrain.Answer a) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
        ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        send(out, "messageStart", obj().put("role", "assistant"));
        for (String chunk : SimBrain.chunks(a.text())) {
            ObjectNode delta = obj().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", chunk);
            send(out, "contentBlockDelta", delta);
        }
        send(out, "contentBlockStop", obj().put("contentBlockIndex", 0));
        send(out, "messageStop", obj().put("stopReason", a.stopReason()));
        ObjectNode metadata = obj();
        metadata.set("usage", usage(a));
        metadata.putObject("metrics").put("latencyMs", 1);
        send(out, "metadata", metadata);
    }

    private static void send(OutputStream out, String eventType, ObjectNode payload) throws IOException {
        out.write(EventStreamEncoder.event(eventType, BedrockRouter.JSON.writeValueAsBytes(payload)));
        out.flush();
    }

    private static ObjectNode usage(SimBrain.Answer a) {
        return obj().put("inputTokens", a.inputTokens()).put("outputTokens", a.outputTokens())
                .put("totalTokens", a.inputTokens() + a.outputTokens());
    }

    private static ObjectNode obj() {
        return BedrockRouter.JSON.createObjectNode();
    }
}
