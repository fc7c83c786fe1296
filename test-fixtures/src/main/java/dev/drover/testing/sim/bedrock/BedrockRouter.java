package dev.drover.testing.sim.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.drover.testing.sim.bedrock.BedrockSimulator.Op;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Routes the simulator's HTTP requests: strips an optional leading region segment, then serves ListFoundationModels
 * or a runtime call. For a runtime call it checks, in Bedrock's order: credentials, the model id (known, offered in the
 * region, geography prefix matching the region, inference profile when the model needs one), scripted delay and
 * faults, then the request body (via {@link SimBrain}).
 */
final class BedrockRouter implements HttpHandler {

    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    static final ObjectMapper JSON = new ObjectMapper();

    private final BedrockSimulator sim;

    BedrockRouter(BedrockSimulator sim) {
        this.sim = sim;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> segments = segments(ex.getRequestURI().getRawPath());
            String region = BedrockSimulator.DEFAULT_REGION;
            if (!segments.isEmpty() && REGION.matcher(segments.getFirst()).matches()) {
                region = segments.removeFirst();
            }
            route(ex, region, segments);
        }
    }

    private void route(HttpExchange ex, String region, List<String> path) throws IOException {
        String method = ex.getRequestMethod();
        if ("GET".equals(method) && path.equals(List.of("foundation-models"))) {
            listFoundationModels(ex, region);
        } else if ("POST".equals(method) && path.size() == 3 && path.get(0).equals("model")
                && (path.get(2).equals("converse") || path.get(2).equals("converse-stream"))) {
            Op op = path.get(2).equals("converse") ? Op.CONVERSE : Op.CONVERSE_STREAM;
            runtime(ex, region, path.get(1), op);
        } else {
            error(ex, new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " "
                    + ex.getRequestURI().getPath()));
        }
    }

    private void listFoundationModels(HttpExchange ex, String region) throws IOException {
        Optional<AwsError> fault = credentialsOrFault(region, BedrockSimulator.NO_MODEL);
        sim.record(new BedrockSimulator.Request(region, BedrockSimulator.NO_MODEL, BedrockSimulator.NO_MODEL,
                Op.LIST_FOUNDATION_MODELS, fault.map(AwsError::status).orElse(200)));
        if (fault.isPresent()) {
            error(ex, fault.get());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        var summaries = body.putArray("modelSummaries");
        for (SimModel m : sim.listed(region)) {
            summaries.add(summary(m, region));
        }
        writeJson(ex, 200, body);
    }

    private static ObjectNode summary(SimModel m, String region) {
        ObjectNode s = JSON.createObjectNode();
        s.put("modelArn", "arn:aws:bedrock:" + region + "::foundation-model/" + m.modelId());
        s.put("modelId", m.modelId());
        s.put("modelName", m.modelName());
        s.put("providerName", m.providerName());
        s.putArray("inputModalities").add("TEXT");
        s.putArray("outputModalities").add("TEXT");
        s.put("responseStreamingSupported", m.streaming());
        s.putArray("customizationsSupported");
        s.putArray("inferenceTypesSupported").add(m.requiresInferenceProfile() ? "INFERENCE_PROFILE" : "ON_DEMAND");
        s.putObject("modelLifecycle").put("status", m.active() ? "ACTIVE" : "LEGACY");
        return s;
    }

    private void runtime(HttpExchange ex, String region, String invokedAs, Op op) throws IOException {
        String bare = Geography.stripPrefix(invokedAs);
        Optional<AwsError> refusal = credentialsOrFault(region, bare).or(() -> checkModel(region, invokedAs, bare, op));
        if (refusal.isEmpty()) {
            pause(region, bare);
            refusal = sim.scriptsFor(region, bare).stream().flatMap(s -> s.takeFault().stream()).findFirst();
        }
        SimBrain.Outcome outcome = refusal.isPresent() ? null : think(ex, region, bare);
        AwsError err = refusal.orElse(outcome == null ? null : outcome.error());
        sim.record(new BedrockSimulator.Request(region, bare, invokedAs, op, err == null ? 200 : err.status()));
        if (err != null) {
            error(ex, err);
        } else if (op == Op.CONVERSE) {
            writeJson(ex, 200, ConverseReplies.converse(outcome.answer()));
        } else {
            ConverseReplies.stream(ex, outcome.answer());
        }
    }

    private Optional<AwsError> credentialsOrFault(String region, String modelId) {
        if (sim.credentialsRejected(region)) {
            return Optional.of(AwsError.unrecognizedClient());
        }
        if (modelId.equals(BedrockSimulator.NO_MODEL)) {
            return sim.scriptsFor(region, modelId).stream().flatMap(s -> s.takeFault().stream()).findFirst();
        }
        return Optional.empty();
    }

    private Optional<AwsError> checkModel(String region, String invokedAs, String bare, Op op) {
        Optional<SimModel> model = sim.model(bare).filter(m -> sim.listed(region).contains(m));
        if (model.isEmpty() || !Geography.prefixFits(invokedAs, region)) {
            return Optional.of(AwsError.invalidModelIdentifier());
        }
        if (model.get().requiresInferenceProfile() && invokedAs.equals(bare)) {
            return Optional.of(AwsError.onDemandNotSupported(bare));
        }
        if (op == Op.CONVERSE_STREAM && !model.get().streaming()) {
            return Optional.of(AwsError.validation("The model is unsupported for streaming."));
        }
        return Optional.empty();
    }

    private SimBrain.Outcome think(HttpExchange ex, String region, String modelId) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            return new SimBrain.Outcome(null, new AwsError(400, "SerializationException", "Malformed request body."));
        }
        List<ModelScript> scripts = sim.scriptsFor(region, modelId);
        boolean badJson = scripts.stream().anyMatch(ModelScript::isBadJson);
        boolean empty = scripts.stream().anyMatch(ModelScript::isEmptyReply);
        return SimBrain.answer(body == null ? JSON.createObjectNode() : body, badJson, empty);
    }

    private void pause(String region, String modelId) {
        long ms = sim.scriptsFor(region, modelId).stream().mapToLong(s -> s.delay().toMillis()).max().orElse(0);
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void error(HttpExchange ex, AwsError err) throws IOException {
        ex.getResponseHeaders().add("x-amzn-ErrorType", err.type());
        writeJson(ex, err.status(), JSON.createObjectNode().put("message", err.message()));
    }

    static void writeJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Path segments, each URL-decoded on its own so that an encoded '/' or ':' in a model id survives. */
    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(rawPath.split("/"))) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
