package dev.drover.testing.sim.sprinthub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A local stand-in for the SprintHub CRM API, speaking the contract the sync worker uses:
 * <ul>
 *   <li>{@code POST /leadsfromtype/segment/{id}?i=<instance>&apitoken=<token>} with a JSON body
 *       {@code {page, limit, orderByKey, orderByDirection, query}} answers {@code {"data":{"total":N,"leads":[...]}}}
 *       (without the {@code data} wrapper after {@link #unwrapped(boolean)}); {@code query} names the fields to return;
 *   <li>{@code GET /leads/{id}?i=<instance>&allFields=1&apitoken=<token>} answers the full lead as {@code {"data":{...}}}.
 * </ul>
 * A wrong token answers 401, a wrong instance 403, an unknown segment or lead 404.
 *
 * <p>Scriptable for tests and the demo: segments of any size ({@link #segment}), faults served in order to matching
 * requests ({@link #failPage}, {@link #failAny}), a hook run on every request ({@link #onRequest}), and a record of every
 * request ({@link #requests()}). Binds 127.0.0.1 on a free port; each request runs on its own virtual thread so a
 * hanging page never blocks the others. Close it to stop.
 */
public final class SprintHubSimulator implements AutoCloseable {

    private final String token;
    private final String instance;
    private final InstantSource clock;
    private final HttpServer server;
    private final Map<Long, SimSegment> segments = new ConcurrentHashMap<>();
    private final List<FaultRule> faults = new ArrayList<>();
    private final List<SimRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Consumer<SimRequest> hook = r -> { };
    private volatile boolean unwrapped;

    private SprintHubSimulator(String token, String instance, InstantSource clock) {
        this.token = token;
        this.instance = instance;
        this.clock = clock;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the SprintHub simulator", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", new SimHandler(this));
        server.start();
    }

    /** Starts a simulator that accepts {@code token} for {@code instance}; lead dates come from the system clock. */
    public static SprintHubSimulator start(String token, String instance) {
        return new SprintHubSimulator(token, instance, InstantSource.system());
    }

    /** As {@link #start(String, String)}, with lead dates from {@code clock}. */
    public static SprintHubSimulator start(String token, String instance, InstantSource clock) {
        return new SprintHubSimulator(token, instance, clock);
    }

    /** {@code http://127.0.0.1:<port>}, the value for {@code SPRINTHUB_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}: the base URL without a scheme, as the seed's environment writes it. */
    public String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String token() {
        return token;
    }

    public String instance() {
        return instance;
    }

    /** The segment with this id, created empty on first use. */
    public SimSegment segment(long segmentId) {
        return segments.computeIfAbsent(segmentId, id -> new SimSegment(id, this));
    }

    /** Removes a segment, so requests for it answer 404. */
    public void removeSegment(long segmentId) {
        segments.remove(segmentId);
    }

    /** Answers pages without the {@code data} wrapper ({@code {"total":N,"leads":[...]}}) while on. */
    public SprintHubSimulator unwrapped(boolean on) {
        this.unwrapped = on;
        return this;
    }

    /** Serves {@code fault} to the next {@code times} requests for {@code page} of {@code segmentId}. */
    public SprintHubSimulator failPage(long segmentId, int page, SimFault fault, int times) {
        return addFault(r -> r.segmentId() == segmentId && r.page() == page, fault, times);
    }

    /** Serves {@code fault} to the next {@code times} requests of any kind. */
    public SprintHubSimulator failAny(SimFault fault, int times) {
        return addFault(r -> true, fault, times);
    }

    /** Serves {@code fault} to the next {@code times} requests for the full lead {@code leadId}. */
    public SprintHubSimulator failLead(long leadId, SimFault fault, int times) {
        return addFault(r -> r.leadId() == leadId, fault, times);
    }

    private synchronized SprintHubSimulator addFault(Predicate<SimRequest> match, SimFault fault, int times) {
        faults.add(new FaultRule(match, fault, times));
        return this;
    }

    /** Removes every fault not yet served. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** Runs {@code action} for every request before it is answered (e.g. to advance a test clock). Must not throw. */
    public SprintHubSimulator onRequest(Consumer<SimRequest> action) {
        this.hook = action;
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<SimRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The pages requested for a segment, in order (repeats included). */
    public List<Integer> pagesRequested(long segmentId) {
        return requests.stream().filter(r -> r.segmentId() == segmentId).map(SimRequest::page).toList();
    }

    /** Forgets the recorded requests (faults stay). */
    public void resetRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    Instant now() {
        return clock.instant();
    }

    boolean tokenMatches(String given) {
        return token.equals(given);
    }

    boolean instanceMatches(String given) {
        return instance.equals(given);
    }

    boolean isUnwrapped() {
        return unwrapped;
    }

    Optional<SimSegment> findSegment(long segmentId) {
        return Optional.ofNullable(segments.get(segmentId));
    }

    /** Finds a lead in any segment. */
    Optional<com.fasterxml.jackson.databind.node.ObjectNode> findLead(long leadId) {
        return segments.values().stream().map(s -> s.lead(leadId)).flatMap(Optional::stream).findFirst();
    }

    /** Records the request, runs the hook, and returns the fault to serve, if any (consuming one use of it). */
    synchronized Optional<SimFault> arrive(SimRequest request) {
        requests.add(request);
        hook.accept(request);
        for (Iterator<FaultRule> it = faults.iterator(); it.hasNext(); ) {
            FaultRule rule = it.next();
            if (rule.match.test(request)) {
                if (--rule.remaining <= 0) {
                    it.remove();
                }
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    private static final class FaultRule {
        final Predicate<SimRequest> match;
        final SimFault fault;
        int remaining;

        FaultRule(Predicate<SimRequest> match, SimFault fault, int remaining) {
            this.match = match;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
