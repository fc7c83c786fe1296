package dev.drover.testing.sim.sprinthub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the simulator's HTTP requests: parses the route, lets the simulator record it and pick a scripted fault, then
 * checks token and instance and serves the page or the lead.
 */
final class SimHandler implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAGE = Pattern.compile("^/leadsfromtype/segment/(\\d+)/?$");
    private static final Pattern LEAD = Pattern.compile("^/leads/(\\d+)/?$");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SprintHubSimulator sim;

    SimHandler(SprintHubSimulator sim) {
        this.sim = sim;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            Matcher page = PAGE.matcher(path);
            Matcher lead = LEAD.matcher(path);
            boolean isPage = page.matches() && "POST".equals(ex.getRequestMethod());
            boolean isLead = lead.matches() && "GET".equals(ex.getRequestMethod());
            JsonNode req = isPage ? parseBody(body) : null;
            SimRequest r = new SimRequest(ex.getRequestMethod(), path,
                    isPage ? Long.parseLong(page.group(1)) : -1,
                    isPage && req != null ? req.path("page").asInt(0) : -1,
                    isLead ? Long.parseLong(lead.group(1)) : -1,
                    sim.tokenMatches(q.get("apitoken")));
            Optional<SimFault> fault = sim.arrive(r);
            if (fault.isPresent() && serveFault(ex, fault.get())) {
                return;
            }
            route(ex, r, req, q);
        }
    }

    private void route(HttpExchange ex, SimRequest r, JsonNode req, Map<String, String> q) throws IOException {
        if (!r.tokenOk()) {
            send(ex, 401, "{\"error\":\"Unauthorized\",\"message\":\"invalid apitoken\"}");
        } else if (!sim.instanceMatches(q.get("i"))) {
            send(ex, 403, "{\"error\":\"Forbidden\",\"message\":\"unknown instance\"}");
        } else if (r.isPage() && req == null) {
            send(ex, 400, "{\"error\":\"Bad Request\",\"message\":\"body must be JSON\"}");
        } else if (r.isPage()) {
            servePage(ex, r.segmentId(), req);
        } else if (r.isLead()) {
            serveLead(ex, r.leadId());
        } else {
            send(ex, 404, "{\"error\":\"Not Found\"}");
        }
    }

    private void servePage(HttpExchange ex, long segmentId, JsonNode req) throws IOException {
        Optional<SimSegment> segment = sim.findSegment(segmentId);
        if (segment.isEmpty()) {
            send(ex, 404, "{\"error\":\"Not Found\",\"message\":\"segment " + segmentId + " not found\"}");
            return;
        }
        int limit = Math.max(1, req.path("limit").asInt(50));
        boolean desc = "desc".equalsIgnoreCase(req.path("orderByDirection").asText("asc"));
        List<ObjectNode> leads = segment.get().page(req.path("page").asInt(0), limit, req.path("orderByKey").asText("id"), desc);
        Set<String> fields = fields(req.path("query").asText(""));
        ObjectNode result = JSON.createObjectNode();
        result.put("total", segment.get().size());
        ArrayNode array = result.putArray("leads");
        leads.forEach(l -> array.add(fields.isEmpty() ? l : select(l, fields)));
        send(ex, 200, JSON.writeValueAsString(sim.isUnwrapped() ? result : wrap(result)));
    }

    private void serveLead(HttpExchange ex, long leadId) throws IOException {
        Optional<ObjectNode> lead = sim.findLead(leadId);
        if (lead.isEmpty()) {
            send(ex, 404, "{\"error\":\"Not Found\",\"message\":\"lead " + leadId + " not found\"}");
            return;
        }
        send(ex, 200, JSON.writeValueAsString(wrap(lead.get())));
    }

    /** Returns true when the fault answered the request; a hang answers nothing and lets the request go on. */
    private static boolean serveFault(HttpExchange ex, SimFault fault) throws IOException {
        switch (fault) {
            case SimFault.Status s -> {
                if (s.retryAfterSeconds() >= 0) {
                    ex.getResponseHeaders().set("Retry-After", Integer.toString(s.retryAfterSeconds()));
                }
                send(ex, s.code(), "{\"error\":\"simulated\",\"status\":" + s.code() + "}");
                return true;
            }
            case SimFault.MalformedJson m -> {
                send(ex, 200, "{\"data\":{\"total\":3,\"leads\":[{\"id\":1,\"firstname\":\"Tru");
                return true;
            }
            case SimFault.Hang h -> {
                try {
                    Thread.sleep(h.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        }
    }

    private static ObjectNode wrap(JsonNode payload) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("data", payload);
        return wrapper;
    }

    /** The field names a {@code query} asks for, e.g. {@code "{total,leads{id,firstname}}"}; empty means all. */
    private static Set<String> fields(String query) {
        Set<String> names = new HashSet<>();
        Matcher m = WORD.matcher(query);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static ObjectNode select(ObjectNode lead, Set<String> fields) {
        ObjectNode out = JSON.createObjectNode();
        lead.properties().forEach(e -> {
            if (fields.contains(e.getKey()) || "id".equals(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static JsonNode parseBody(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
