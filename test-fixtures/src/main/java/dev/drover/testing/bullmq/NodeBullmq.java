package dev.drover.testing.bullmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class NodeBullmq implements AutoCloseable {

    /** System property naming the directory that holds {@code driver/}, {@code bullmq5/} and {@code bullmq6/}. */
    public static final String NODE_DIR_PROPERTY = "drover.node.dir";
    /** System property naming the {@code node} executable. */
    public static final String NODE_BIN_PROPERTY = "drover.node.bin";

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final int STDERR_TAIL_LINES = 200;

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
    private final Process process;
    private final BufferedWriter stdin;
    private final Object writeLock = new Object();
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<NodeEvent> eventLog = new ArrayList<>();
    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Thread shutdownHook;
    private volatile Duration defaultTimeout = Duration.ofSeconds(30);
    private volatile boolean closed;
    private volatile String streamEnd;
    private final JsonNode versions;

    private NodeBullmq(Version version, Path nodeDir) {
        this.version = version;
        Path versionDir = nodeDir.resolve(version.dirName());
        checkInstalled(versionDir);
        String nodeBin = System.getProperty(NODE_BIN_PROPERTY, "node");
        ProcessBuilder pb = new ProcessBuilder(nodeBin, versionDir.resolve("driver.js").toString())
                .directory(versionDir.toFile());
        pb.environment().remove("DROVER_REDIS_URL");
        pb.environment().remove("DROVER_PREFIX");
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start '" + nodeBin + "' (Node.js 20+ must be on the PATH, or set -D"
                    + NODE_BIN_PROPERTY + "): " + e.getMessage(), e);
        }
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        startThread("stdout", () -> readStdout(process.getInputStream()));
        startThread("stderr", () -> readStderr(process.getErrorStream()));
        this.shutdownHook = new Thread(process::destroyForcibly, "node-" + version.dirName() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            this.versions = ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("versions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while starting the node driver", e);
        } catch (ExecutionException | TimeoutException e) {
            kill();
            throw new IllegalStateException("node driver for " + version.dirName() + " did not start: "
                    + (e.getCause() != null ? e.getCause().getMessage() : "no ready line within " + STARTUP_TIMEOUT)
                    + stderrSuffix(), e);
        }
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
        String configured = System.getProperty(NODE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("driver").resolve("driver.js"))) {
                throw new IllegalStateException("-D" + NODE_DIR_PROPERTY + "=" + p + " has no driver/driver.js");
            }
            return p;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            for (Path candidate : List.of(d.resolve("test-fixtures/src/main/node"), d.resolve("src/main/node"))) {
                if (Files.isRegularFile(candidate.resolve("driver").resolve("driver.js"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find test-fixtures/src/main/node above " + start
                + "; run from inside the Drover checkout or set -D" + NODE_DIR_PROPERTY);
    }

    /** Fails with instructions when the version's node_modules is missing or differs from its package.json. */
    private static void checkInstalled(Path versionDir) {
        String howTo = " Install it with `./mvnw -pl test-fixtures generate-resources` from the repository root, or `node "
                + versionDir.resolveSibling("driver").resolve("install.js") + "` (runs `npm install` with the committed lockfile).";
        Path packageJson = versionDir.resolve("package.json");
        Path installed = versionDir.resolve("node_modules/bullmq/package.json");
        if (!Files.isRegularFile(packageJson)) {
            throw new IllegalStateException("missing " + packageJson);
        }
        if (!Files.isRegularFile(installed)) {
            throw new IllegalStateException("bullmq is not installed in " + versionDir + "." + howTo);
        }
        try {
            String wanted = MAPPER.readTree(packageJson.toFile()).path("dependencies").path("bullmq").asText();
            String have = MAPPER.readTree(installed.toFile()).path("version").asText();
            if (!wanted.equals(have)) {
                throw new IllegalStateException("bullmq " + have + " is installed in " + versionDir + " but package.json pins "
                        + wanted + "." + howTo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + packageJson, e);
        }
    }

    private static void startThread(String name, Runnable r) {
        Thread t = new Thread(r, "node-bullmq-" + name);
        t.setDaemon(true);
        t.start();
    }

    // ------------------------------------------------------------------------------------------------
    // Process I/O

    private void readStdout(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode msg;
                try {
                    msg = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    recordStderr("[stdout, not JSON] " + line);
                    continue;
                }
                if (msg.has("event")) {
                    onEvent(msg);
                } else if (msg.hasNonNull("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asLong());
                    if (f != null) {
                        f.complete(msg);
                    }
                } else {
                    recordStderr("[stdout, uncorrelated] " + line);
                }
            }
        } catch (IOException e) {
            recordStderr("[stdout read failed] " + e);
        } finally {
            onStreamEnd();
        }
    }

    private void onStreamEnd() {
        Integer exit = null;
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streamEnd = "node driver exited" + (exit == null ? "" : " with code " + exit);
        NodeBullmqException gone = new NodeBullmqException(streamEnd + stderrSuffix(), null);
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
        synchronized (eventLog) {
            eventLog.notifyAll(); // wake awaitEvent callers: nothing more will come
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                recordStderr(line);
                System.err.println("[node-" + version.dirName() + "] " + line);
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private void recordStderr(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
        }
    }

    /** The last lines the driver wrote to stderr (BullMQ warnings, crashes), oldest first. */
    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    private String stderrSuffix() {
        List<String> tail = stderrTail();
        if (tail.isEmpty()) {
            return "";
        }
        List<String> last = tail.subList(Math.max(0, tail.size() - 30), tail.size());
        return "\n--- node stderr (last " + last.size() + " lines) ---\n" + String.join("\n", last);
    }

    private void onEvent(JsonNode msg) {
        NodeEvent event = new NodeEvent(msg);
        if ("ready".equals(event.event())) {
            ready.complete(msg);
            return;
        }
        synchronized (eventLog) {
            eventLog.add(event);
            eventLog.notifyAll();
        }
        for (Consumer<NodeEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                recordStderr("[listener failed] " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Requests

    /** A new request object {@code {"op": op}}, to fill in and pass to {@link #request(ObjectNode)}. */
    public ObjectNode newRequest(String op) {
        ObjectNode req = MAPPER.createObjectNode();
        req.put("op", op);
        return req;
    }

    /** Sends {@code {"op": op, ...fields}} and returns the result; the fields are converted with Jackson. */
    public JsonNode request(String op, Map<String, ?> fields) {
        ObjectNode req = newRequest(op);
        fields.forEach((k, v) -> req.set(k, MAPPER.valueToTree(v)));
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
        if (closed) {
            throw new NodeBullmqException("node driver is closed", null);
        }
        if (streamEnd != null) {
            throw new NodeBullmqException(streamEnd + stderrSuffix(), null);
        }
        long id = nextId.incrementAndGet();
        ObjectNode withId = req.deepCopy();
        withId.put("id", id);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        if (streamEnd != null) { // the reader may have failed the pending requests just before our put
            pending.remove(id);
            throw new NodeBullmqException(streamEnd + stderrSuffix(), null);
        }
        try {
            String line = MAPPER.writeValueAsString(withId);
            synchronized (writeLock) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            throw new NodeBullmqException(writeFailure(e) + stderrSuffix(), null);
        }
        JsonNode resp;
        try {
            resp = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new NodeBullmqException("interrupted waiting for " + req.get("op").asText(), null);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new NodeBullmqException("no answer to " + abbreviate(withId.toString()) + " within " + timeout
                    + stderrSuffix(), null);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof NodeBullmqException n ? n : new NodeBullmqException(e.getCause().toString(), null);
        }
        if (!resp.path("ok").asBoolean(false)) {
            throw new NodeBullmqException(req.get("op").asText() + " failed in bullmq " + bullmqVersion() + ": "
                    + resp.path("error").asText(), resp.path("stack").isTextual() ? resp.get("stack").asText() : null);
        }
        return resp.path("result");
    }

    private String writeFailure(IOException e) {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "node driver exited with code " + process.exitValue();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return "cannot write to the node driver: " + e.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
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
        listeners.add(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<NodeEvent> listener) {
        listeners.remove(listener);
    }

    /** A snapshot of every event received so far (since start or the last {@link #clearEvents()}), oldest first. */
    public List<NodeEvent> events() {
        synchronized (eventLog) {
            return List.copyOf(eventLog);
        }
    }

    /** Forgets the events received so far. */
    public void clearEvents() {
        synchronized (eventLog) {
            eventLog.clear();
        }
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
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (eventLog) {
            for (;;) {
                List<NodeEvent> found = new ArrayList<>();
                for (NodeEvent e : eventLog) {
                    if (match.test(e)) {
                        found.add(e);
                        if (found.size() == count) {
                            return found;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || streamEnd != null) {
                    List<NodeEvent> last = eventLog.subList(Math.max(0, eventLog.size() - 20), eventLog.size());
                    throw new NodeBullmqException("got " + found.size() + " of " + count + " matching events within " + timeout
                            + (streamEnd != null ? " (" + streamEnd + ")" : "") + "; last events:\n  "
                            + String.join("\n  ", last.stream().map(NodeEvent::toString).toList()) + stderrSuffix(), null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(eventLog, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NodeBullmqException("interrupted waiting for events", null);
                }
            }
        }
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
        closed = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeShutdownHook();
    }

    /**
     * Ends stdin so the driver closes its workers (waiting up to 5 s for running jobs), QueueEvents, queues and
     * connections and exits; destroys the process if it has not exited within 20 s.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            synchronized (writeLock) {
                stdin.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
    }

    /** The exit code once the process has ended, else {@code null}. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    @Override
    public String toString() {
        return "NodeBullmq[bullmq " + (versions == null ? version : bullmqVersion()) + ", pid " + process.pid() + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // JSON helpers

    /** Parses JSON text to a tree ({@code null} or blank gives an empty object). */
    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + json, e);
        }
    }

    /** Converts a Java value (map, list, record, string, number…) to a JSON tree with Jackson. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A new empty JSON array. */
    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }
}
