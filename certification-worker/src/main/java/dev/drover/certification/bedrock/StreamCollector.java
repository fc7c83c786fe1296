package dev.drover.certification.bedrock;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Runs one ConverseStream call to its end and gathers the text deltas, their count, the stop reason and the output
 * token count. Blocks the calling thread (the worker slot's) until the stream ends or fails; the SDK's
 * call timeout bounds the wait.
 */
final class StreamCollector {

    private StreamCollector() {
    }

    static Reply collect(BedrockRuntimeAsyncClient client, ConverseStreamRequest request) {
        StringBuilder text = new StringBuilder();
        AtomicInteger chunks = new AtomicInteger();
        AtomicInteger tokens = new AtomicInteger(-1);
        AtomicReference<String> stop = new AtomicReference<>();
        ConverseStreamResponseHandler.Visitor visitor = ConverseStreamResponseHandler.Visitor.builder()
                .onContentBlockDelta(e -> {
                    if (e.delta() != null && e.delta().text() != null) {
                        // Events arrive one at a time on the SDK's thread, but the reader is another thread.
                        synchronized (text) {
                            text.append(e.delta().text());
                        }
                        chunks.incrementAndGet();
                    }
                })
                .onMessageStop(e -> stop.set(e.stopReasonAsString()))
                .onMetadata(e -> {
                    if (e.usage() != null && e.usage().outputTokens() != null) {
                        tokens.set(e.usage().outputTokens());
                    }
                })
                .build();
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder().subscriber(visitor).build();
        client.converseStream(request, handler).join();
        synchronized (text) {
            return new Reply(text.toString(), stop.get(), tokens.get(), chunks.get());
        }
    }
}
