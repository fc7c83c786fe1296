package dev.drover.testing.sim.bedrock;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in for AWS Bedrock that the real AWS SDK for Java v2 can talk to: the control plane's
 * {@code GET /foundation-models} (ListFoundationModels) and the runtime's {@code POST /model/{modelId}/converse} and
 * {@code POST /model/{modelId}/converse-stream} (an {@code application/vnd.amazon.eventstream} response), with AWS's
 * error shape ({@code x-amzn-ErrorType} header, {@code {"message"}} body).
 *
 * <p>One simulator serves every region: a path that starts with a region ({@code /eu-west-1/model/...}) is served as
 * that region, so clients use the endpoint template {@link #endpointTemplate()} ({@code http://127.0.0.1:PORT/{region}})
 * for both the control plane and the runtime. A path without a region is served as {@value #DEFAULT_REGION}.
 *
 * <p>Answers are deterministic (see {@link SimBrain}): "Reply with exactly: X" gets X, a prompt mentioning JSON gets a
 * JSON object, a system message "Always begin your reply with 'W'" makes the answer start with W, an empty prompt gets a
 * ValidationException, and {@code maxTokens} truncates the answer (one word = one token). Scripting per (region,
 * model), where region {@link #ANY_REGION} matches every region: {@link #throttle}, {@link #denyAccess},
 * {@link #fail}, {@link #slow}, {@link #unavailable}, {@link #badJson}, {@link #emptyReply}; per region:
 * {@link #rejectCredentials}, {@link #failListing}. Every request is counted per (region, model, operation).
 *
 * <p>Signatures are not verified. Binds 127.0.0.1 on a free port; thread-safe; {@link #close()} stops it.
 */
public final class BedrockSimulator implements AutoCloseable {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String ANY_REGION = "*";
    /** The model key under which ListFoundationModels requests are counted and scripted. */
    public static final String NO_MODEL = "";

    /** The three operations the simulator speaks. */
    public enum Op { LIST_FOUNDATION_MODELS, CONVERSE, CONVERSE_STREAM }

    /**
     * One request as answered.
     *
     * @param region    the region it was served as
     * @param modelId   the bare model id ({@link #NO_MODEL} for ListFoundationModels)
     * @param invokedAs the id in the path, geography prefix included
     * @param op        the operation
     * @param status    the HTTP status sent
     */
    public record Request(String region, String modelId, String invokedAs, Op op, int status) {
    }

    private final HttpServer server;
    private final Map<String, SimModel> catalog = new ConcurrentHashMap<>();
    private final Map<String, ModelScript> scripts = new ConcurrentHashMap<>();
    private final Set<String> rejectedRegions = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private BedrockSimulator(HttpServer server) {
        this.server = server;
    }

    /** Starts an empty simulator; add models with {@link #addModel}. */
    public static BedrockSimulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            BedrockSimulator sim = new BedrockSimulator(server);
            server.createContext("/", new BedrockRouter(sim));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a simulator holding {@link SimModel#defaultCatalog()}. */
    public static BedrockSimulator startWithDefaultCatalog() {
        BedrockSimulator sim = start();
        SimModel.defaultCatalog().forEach(sim::addModel);
        return sim;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/{region}}: the value for both BEDROCK_ENDPOINT and BEDROCK_RUNTIME_ENDPOINT. */
    public String endpointTemplate() {
        return baseUrl() + "/{region}";
    }

    public String endpoint(String region) {
        return baseUrl() + "/" + region;
    }

    public BedrockSimulator addModel(SimModel model) {
        catalog.put(model.modelId(), model);
        return this;
    }

    public BedrockSimulator addModels(Collection<SimModel> models) {
        models.forEach(this::addModel);
        return this;
    }

    /** The model is neither listed in {@code region} nor callable there, as if AWS did not offer it. */
    public BedrockSimulator unavailable(String region, String modelId) {
        script(region, modelId).unavailable();
        return this;
    }

    /** The next {@code times} runtime calls get 429 ThrottlingException; later ones are answered. */
    public BedrockSimulator throttle(String region, String modelId, int times) {
        return fail(region, modelId, AwsError.throttling(), times);
    }

    /** Every runtime call gets 403 AccessDeniedException (the account has no access to the model). */
    public BedrockSimulator denyAccess(String region, String modelId) {
        return fail(region, modelId, AwsError.accessDenied(), ModelScript.FOREVER);
    }

    /** The next {@code times} runtime calls get {@code error}; {@code Integer.MAX_VALUE} means forever. */
    public BedrockSimulator fail(String region, String modelId, AwsError error, int times) {
        script(region, modelId).addFault(error, times);
        return this;
    }

    /** Runtime calls wait {@code delay} before answering (a stream, before its first event). */
    public BedrockSimulator slow(String region, String modelId, Duration delay) {
        script(region, modelId).delay(delay);
        return this;
    }

    /** Prompts asking for JSON get text that is not valid JSON. */
    public BedrockSimulator badJson(String region, String modelId) {
        script(region, modelId).badJson();
        return this;
    }

    /** Every answer is empty: no text in Converse, no deltas in ConverseStream. */
    public BedrockSimulator emptyReply(String region, String modelId) {
        script(region, modelId).emptyReply();
        return this;
    }

    /** Every request to {@code region} gets 403 UnrecognizedClientException (bad credentials). */
    public BedrockSimulator rejectCredentials(String region) {
        rejectedRegions.add(region);
        return this;
    }

    /** The next {@code times} ListFoundationModels calls in {@code region} get {@code error}. */
    public BedrockSimulator failListing(String region, AwsError error, int times) {
        return fail(region, NO_MODEL, error, times);
    }

    /** Forgets every script and every recorded request; the catalogue stays. */
    public void reset() {
        scripts.clear();
        rejectedRegions.clear();
        requests.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests reached (region, bare model id, op), whatever they were answered with. */
    public long requestCount(String region, String modelId, Op op) {
        return requests.stream()
                .filter(r -> r.region().equals(region) && r.modelId().equals(modelId) && r.op() == op)
                .count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- used by the router ----

    Optional<SimModel> model(String modelId) {
        return Optional.ofNullable(catalog.get(modelId));
    }

    /** The models listed in {@code region}: offered there and not scripted unavailable. */
    List<SimModel> listed(String region) {
        List<SimModel> out = new ArrayList<>();
        for (SimModel m : catalog.values()) {
            if (m.offeredIn(region) && scriptsFor(region, m.modelId()).stream().noneMatch(ModelScript::isUnavailable)) {
                out.add(m);
            }
        }
        out.sort((a, b) -> a.modelId().compareTo(b.modelId()));
        return out;
    }

    boolean credentialsRejected(String region) {
        return rejectedRegions.contains(region) || rejectedRegions.contains(ANY_REGION);
    }

    /** The scripts that apply to (region, model): the region's own first, then the any-region one. */
    List<ModelScript> scriptsFor(String region, String modelId) {
        List<ModelScript> out = new ArrayList<>(2);
        Optional.ofNullable(scripts.get(key(region, modelId))).ifPresent(out::add);
        Optional.ofNullable(scripts.get(key(ANY_REGION, modelId))).ifPresent(out::add);
        return out;
    }

    void record(Request request) {
        requests.add(request);
    }

    private ModelScript script(String region, String modelId) {
        return scripts.computeIfAbsent(key(region, modelId), k -> new ModelScript());
    }

    private static String key(String region, String modelId) {
        return region + "\u0000" + modelId;
    }
}
