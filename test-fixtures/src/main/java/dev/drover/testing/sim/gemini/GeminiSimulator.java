package dev.drover.testing.sim.gemini;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Gemini API's {@code POST /v1beta/models/{model}:generateContent}, speaking its public JSON
 * shape: a request's {@code contents[].parts[]} ({@code text} or {@code inlineData {mimeType, data}}), a response's
 * {@code candidates[].content.parts[]} with a text part and a PNG {@code inlineData} part, and Google's error body
 * {@code {"error": {"code", "message", "status"}}}.
 *
 * <p>The API key comes in the {@code x-goog-api-key} header or the {@code key} query parameter; a missing key gets 403
 * and a wrong one 400, as the real API answers. By default every prompt gets one image. Rules, matched in the order
 * added against the prompt (all text parts joined), script the rest: {@link #failWhenPromptContains} (500/429/503 are
 * what a client should retry, 400 is terminal) and {@link #textOnlyWhenPromptContains} (a 200 with no image).
 *
 * <p>Binds 127.0.0.1 on a free port; thread-safe; {@link #close()} stops it.
 */
public final class GeminiSimulator implements AutoCloseable {

    private final HttpServer server;
    private final String apiKey;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private GeminiSimulator(HttpServer server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    /** Starts a simulator that accepts only {@code apiKey}. */
    public static GeminiSimulator start(String apiKey) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            GeminiSimulator sim = new GeminiSimulator(server, apiKey);
            server.createContext("/v1beta/models/", new GeminiHandler(sim));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, the value for {@code GEMINI_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * The next {@code times} requests whose prompt contains {@code fragment} fail with {@code status}; later ones go
     * on to the next rule or succeed. {@code Integer.MAX_VALUE} fails them forever.
     */
    public GeminiSimulator failWhenPromptContains(String fragment, int status, int times) {
        rules.add(new Rule(fragment, status, new AtomicInteger(times)));
        return this;
    }

    /** Requests whose prompt contains {@code fragment} get a 200 with only a text part, no image. */
    public GeminiSimulator textOnlyWhenPromptContains(String fragment) {
        rules.add(new Rule(fragment, 200, new AtomicInteger(Integer.MAX_VALUE)));
        return this;
    }

    /** Every request answered so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests had a prompt containing {@code fragment}. */
    public long requestCount(String fragment) {
        return requests.stream().filter(r -> r.prompt().contains(fragment)).count();
    }

    /** The rule that applies to {@code prompt}, consuming one of its uses; empty means "answer with an image". */
    Optional<Rule> take(String prompt) {
        for (Rule r : rules) {
            if (prompt.contains(r.fragment()) && r.take()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    void record(Request request) {
        requests.add(request);
    }

    boolean keyMatches(String key) {
        return apiKey.equals(key);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * One answered request.
     *
     * @param model        the model named in the path
     * @param prompt       its text parts, joined by newlines
     * @param inlineImages how many {@code inlineData} parts it carried (reference images)
     * @param status       the HTTP status it got
     */
    public record Request(String model, String prompt, int inlineImages, int status) {
    }

    /** A scripted answer: {@code status} 200 means text only; anything else is an error with that status. */
    record Rule(String fragment, int status, AtomicInteger remaining) {
        boolean take() {
            return remaining.getAndUpdate(n -> n == Integer.MAX_VALUE || n <= 0 ? n : n - 1) > 0;
        }
    }
}
