package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A running Node.js process that drives the real {@code bullmq} npm package (a pinned 5.x or 6.x) for
 * interop tests.
 *
 * <p>The process runs {@code test-fixtures/src/main/node/bullmq<N>/driver.js} and is controlled over
 * stdin/stdout with newline-delimited JSON: each request gets a correlated response, and BullMQ workers and
 * QueueEvents started in it report back as unsolicited {@linkplain NodeEvent events}, which are kept in an
 * event log that tests can {@linkplain #awaitEvent wait on}.
 *
 * <pre>{@code
 * try (NodeBullmq node = NodeBullmq.v6()) {
 *     NodeQueue q = node.queue(redis.url(), redis.prefix(), "emails");
 *     NodeJob job = q.add("send", "{\"to\":\"a@b.c\"}", "{\"attempts\":3}");
 *     NodeWorker w = q.startWorker(1);
 *     w.awaitProcessed(job.id(), Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>The npm packages must be installed first ({@code ./mvnw -pl test-fixtures generate-resources}, or
 * {@code node test-fixtures/src/main/node/driver/install.js}). The node directory is found by walking up from the working
 * directory to a {@code test-fixtures/src/main/node} folder, or given by the system property
 * {@value #NODE_DIR_PROPERTY}; the {@code node} binary by {@value #NODE_BIN_PROPERTY} (default {@code node}
 * on the PATH). Instances are thread-safe. {@link #close()} ends stdin, which makes the driver close every
 * BullMQ object and exit.
 *
 * <p>This class is the facade; the transport is {@link NodeProcess}, the events are kept by {@link EventLog}
 * and the installation is found and checked by {@link NodeInstall}.
 */
public final class NodeBullmq implements AutoCloseable {

    /** System property naming the directory that holds {@code driver/}, {@code bullmq5/} and {@code bullmq6/}. */
    public static final String NODE_DIR_PROPERTY = "drover.node.dir";
    /** System property naming the {@code node} executable. */
    public static final String NODE_BIN_PROPERTY = "drover.node.bin";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /** The pinned BullMQ major versions the harness can run. */
    public enum Version {
        /** The pinned bullmq 5.x in {@code bullmq5/}. */
        V5("bullmq5"),
        /** The pinned bullmq 6.x in {@code bullmq6/}. */
        V6("bullmq6");

        private final String dirName;

        Version(String dirName) {
            this.dirName = dirName;
        }

        /** The directory name under the node directory, e.g. {@code bullmq6}. */
        public String dirName() {
            return dirName;
        }
    }

    private final Version version;
    private final StderrTail stderr = new StderrTail();
    private final EventLog events = new EventLog(stderr);
    private final NodeProcess process;
    private final JsonNode versions;
    private volatile Duration defaultTimeout = Duration.ofSeconds(30);

    private NodeBullmq(Version version, Path nodeDir) {
        this.version = version;
        Path versionDir = nodeDir.resolve(version.dirName());
        NodeInstall.checkInstalled(versionDir);
        this.process = new NodeProcess(version.dirName(), NodeInstall.nodeBin(), versionDir, events, stderr);
        this.versions = process.awaitReady(STARTUP_TIMEOUT).path("versions");
    }

    /** Starts a driver running the pinned bullmq 5.x. */
    public static NodeBullmq v5() {
        return start(Version.V5);
    }

    /** Starts a driver running the pinned bullmq 6.x. */
    public static NodeBullmq v6() {
        return start(Version.V6);
    }

    /** Starts a driver running the given pinned bullmq version. */
    public static NodeBullmq start(Version version) {
        return new NodeBullmq(version, nodeDir());
    }

    /**
     * The directory holding {@code driver/}, {@code bullmq5/} and {@code bullmq6/}: the system property
     * {@value #NODE_DIR_PROPERTY}, else the first {@code test-fixtures/src/main/node} found walking up from
     * the working directory.
     */
    public static Path nodeDir() {
        return NodeInstall.nodeDir();
    }

    /** The last lines the driver wrote to stderr (BullMQ warnings, crashes), oldest first. */
    public List<String> stderrTail() {
        return stderr.lines();
    }

    // ------------------------------------------------------------------------------------------------
    // Requests

    /** A new request object {@code {"op": op}}, to fill in and pass to {@link #request(ObjectNode)}. */
    public ObjectNode newRequest(String op) {
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("op", op);
        return req;
    }

    /** Sends {@code {"op": op, ...fields}} and returns the result; the fields are converted with Jackson. */
    public JsonNode request(String op, Map<String, ?> fields) {
        ObjectNode req = newRequest(op);
        fields.forEach((k, v) -> req.set(k, Json.tree(v)));
        return request(req);
    }

    /** Sends a request and returns its {@code result}, waiting at most {@link #defaultTimeout()}. */
    public JsonNode request(ObjectNode req) {
        return request(req, defaultTimeout);
    }

    /**
     * Sends a request and returns its {@code result}.
     *
     * @throws NodeBullmqException when the driver answers {@code ok:false} (BullMQ threw), when it does not
     *     answer within {@code timeout}, or when the process has exited
     */
    public JsonNode request(ObjectNode req, Duration timeout) {
        Objects.requireNonNull(req.get("op"), "request needs an op");
        JsonNode resp = process.exchange(req, timeout);
        if (!resp.path("ok").asBoolean(false)) {
            throw new NodeBullmqException(req.get("op").asText() + " failed in bullmq " + bullmqVersion() + ": "
                    + resp.path("error").asText(), resp.path("stack").isTextual() ? resp.get("stack").asText() : null);
        }
        return resp.path("result");
    }

    /** The timeout {@link #request(ObjectNode)} and the convenience methods use (30 s unless changed). */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Changes the timeout used by {@link #request(ObjectNode)} and the convenience methods. */
    public NodeBullmq defaultTimeout(Duration timeout) {
        this.defaultTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // Versions and handles

    /** Which pinned major this process runs. */
    public Version version() {
        return version;
    }

    /** The exact installed bullmq version, e.g. {@code 6.7.0}. */
    public String bullmqVersion() {
        return versions.path("bullmq").asText();
    }

    /** The exact installed ioredis version. */
    public String ioredisVersion() {
        return versions.path("ioredis").asText();
    }

    /** The exact version of the cron-parser that this bullmq resolves (4.x for bullmq 5, 5.x for bullmq 6). */
    public String cronParserVersion() {
        return versions.path("cronParser").asText();
    }

    /** The Node.js version running the driver, e.g. {@code v20.20.2}. */
    public String nodeVersion() {
        return versions.path("node").asText();
    }

    /**
     * A BullMQ {@code Queue} on the given server; every request made through the handle carries the url and
     * prefix, so handles for different servers and prefixes can be mixed freely.
     *
     * @param redisUrl {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}
     * @param prefix the key prefix ({@code null}: BullMQ's default {@code bull})
     */
    public NodeQueue queue(String redisUrl, String prefix, String name) {
        return new NodeQueue(this, redisUrl, prefix, name);
    }

    /** A BullMQ {@code FlowProducer} on the given server and prefix. */
    public NodeFlowProducer flowProducer(String redisUrl, String prefix) {
        return new NodeFlowProducer(this, redisUrl, prefix);
    }

    /**
     * Convenience for one-off adds: {@code queue.add(name, data, opts)} with JSON texts.
     *
     * @param dataJson the job data as JSON text, e.g. {@code {"a":1}}
     * @param optsJson BullMQ job options as JSON text, or {@code null}
     */
    public NodeJob addJob(String redisUrl, String prefix, String queue, String name, String dataJson, String optsJson) {
        return queue(redisUrl, prefix, queue).add(name, dataJson, optsJson);
    }

    // ------------------------------------------------------------------------------------------------
    // bullmq's repeat arithmetic, for parity tests

    /**
     * The next {@code count} fire times (ms epoch) after {@code fromMs} of a cron pattern, computed by the
     * cron-parser that this bullmq itself uses (5- or 6-field patterns, optional seconds).
     *
     * @param tz an IANA zone such as {@code Europe/Berlin}, or {@code null} for the process zone (UTC unless TZ is set)
     */
    public List<Long> cronNext(String pattern, String tz, long fromMs, int count) {
        ObjectNode req = newRequest("cronNext").put("pattern", pattern).put("from", fromMs).put("count", count);
        if (tz != null) {
            req.put("tz", tz);
        }
        List<Long> out = new ArrayList<>();
        request(req).forEach(n -> out.add(n.asLong()));
        return out;
    }

    /**
     * bullmq's own {@code defaultRepeatStrategy(millis, repeatOpts)}: the next fire time of a cron job
     * scheduler, as the worker computes it (honours {@code startDate}, {@code tz}, {@code immediately}).
     *
     * @return the next time in ms, or {@code null} when there is none
     */
    public Long defaultRepeatStrategy(long millis, String repeatOptsJson) {
        return nextMillis("defaultRepeatStrategy", millis, repeatOptsJson);
    }

    /**
     * bullmq's exported {@code getNextMillis(millis, repeatOpts)}. In bullmq 6 it handles both {@code every}
     * and {@code pattern}; in bullmq 5 it is the legacy {@code Repeat} strategy.
     */
    public Long getNextMillis(long millis, String repeatOptsJson) {
        return nextMillis("getNextMillis", millis, repeatOptsJson);
    }

    private Long nextMillis(String strategy, long millis, String repeatOptsJson) {
        JsonNode r = request(newRequest("nextMillis").put("strategy", strategy).put("millis", millis)
                .set("opts", parse(repeatOptsJson)));
        return r.isNull() ? null : r.asLong();
    }

    // ------------------------------------------------------------------------------------------------
    // Events

    /** Registers a listener called (on the reader thread) for every event from now on. */
    public void addListener(Consumer<NodeEvent> listener) {
        events.addListener(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<NodeEvent> listener) {
        events.removeListener(listener);
    }

    /** A snapshot of every event received so far (since start or the last {@link #clearEvents()}), oldest first. */
    public List<NodeEvent> events() {
        return events.snapshot();
    }

    /** Forgets the events received so far. */
    public void clearEvents() {
        events.clear();
    }

    /**
     * The first event in the log (including those already received) that matches, waiting up to
     * {@code timeout} for it to arrive.
     *
     * @throws NodeBullmqException on timeout, listing the last events received
     */
    public NodeEvent awaitEvent(Predicate<NodeEvent> match, Duration timeout) {
        return awaitEvents(match, 1, timeout).get(0);
    }

    /** The first {@code count} matching events of the log, waiting up to {@code timeout} for them. */
    public List<NodeEvent> awaitEvents(Predicate<NodeEvent> match, int count, Duration timeout) {
        return events.await(match, count, timeout);
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle

    /** Whether the node process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the process at once (SIGKILL), as a crash would: nothing is closed, jobs it holds stay active until
     * their locks expire. Use it to test stalled-job recovery.
     */
    public void kill() {
        process.kill();
    }

    /**
     * Ends stdin so the driver closes its workers (waiting up to 5 s for running jobs), QueueEvents, queues and
     * connections and exits; destroys the process if it has not exited within 20 s.
     */
    @Override
    public void close() {
        process.close();
    }

    /** The exit code once the process has ended, else {@code null}. */
    public Integer exitCode() {
        return process.exitCode();
    }

    @Override
    public String toString() {
        return "NodeBullmq[bullmq " + (versions == null ? version : bullmqVersion()) + ", pid " + process.pid() + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // JSON helpers

    /** Parses JSON text to a tree ({@code null} or blank gives an empty object). */
    public static JsonNode parse(String json) {
        return Json.parse(json);
    }

    /** Converts a Java value (map, list, record, string, number…) to a JSON tree with Jackson. */
    public static JsonNode tree(Object value) {
        return Json.tree(value);
    }
}
