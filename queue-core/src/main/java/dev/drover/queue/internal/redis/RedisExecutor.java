package dev.drover.queue.internal.redis;

import dev.drover.queue.QueueException;
import dev.drover.queue.RedisConfig;
import dev.drover.queue.internal.script.ScriptCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Runs Redis commands and {@link ScriptCall}s on the right master of a {@link RedisTopology}: a script call goes
 * where its first key lives, {@link #call} where this executor's routing key lives ({@link #routedBy}). Pipelined
 * script calls ({@link #evalAll}) cost one round trip.
 *
 * <p>Retries follow one rule: a command is sent again only when it certainly did not run ({@link Failures}): a
 * NOSCRIPT reply (the script is loaded first), a redirect (MOVED after a Cluster failover or resharding; ASK is
 * followed to its target), a READONLY reply from a demoted master, or no connection to be had. Each of these first
 * re-reads the topology, and retries last up to {@link #RETRY_WINDOW} (long enough for a Sentinel or Cluster
 * failover). A connection lost after sending is retried only by {@link #call}, whose bodies are reads; for a
 * script it throws, because the script may have run (callers decide: a finishing call can be repeated safely, an
 * add with an automatic id cannot). One server (no Sentinel, no Cluster) is never retried on connection failures:
 * nothing could have moved, and a missing server should fail fast.
 */
public final class RedisExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutor.class);
    static final Duration RETRY_WINDOW = Duration.ofSeconds(20);
    private static final int MAX_ASK_HOPS = 5;

    private final RedisConfig config;
    private final RedisTopology topology;
    private final String routingKey;
    private final boolean owner;
    /** Whether any call of this executor (or its views) ever succeeded: a later drop is no TLS mismatch. */
    private final AtomicBoolean everWorked;

    public RedisExecutor(RedisConfig config, int maxConnections) {
        this(config, RedisTopology.open(config, maxConnections), null, true, new AtomicBoolean());
    }

    private RedisExecutor(RedisConfig config, RedisTopology topology, String routingKey, boolean owner,
                          AtomicBoolean everWorked) {
        this.config = config;
        this.topology = topology;
        this.routingKey = routingKey;
        this.owner = owner;
        this.everWorked = everWorked;
    }

    /** A view sharing these connections whose {@link #call}s and blocking connections go where {@code key} lives. */
    public RedisExecutor routedBy(String key) {
        return new RedisExecutor(config, topology, key, false, everWorked);
    }

    public RedisConfig config() {
        return config;
    }

    public boolean isCluster() {
        return topology.isCluster();
    }

    /** A dedicated connection for blocking commands (BZPOPMIN, XREAD BLOCK), optionally named; caller closes it. */
    public Jedis dedicatedConnection(String clientName) {
        try {
            return topology.dedicated(routingKey, clientName);
        } catch (JedisException e) {
            throw redisError(e);
        }
    }

    /**
     * Reports that a blocking command on a dedicated connection failed, so the topology is re-read (the master may
     * have moved) before the caller opens a new connection; returns the error to throw.
     */
    public RuntimeException blockingFailed(RuntimeException e) {
        if (topology.failsOver() && e instanceof JedisException) {
            topology.refresh();
        }
        return e instanceof JedisException je ? redisError(je) : e;
    }

    /**
     * Opens pooled connections where the routing key lives until the pool holds {@code n} (never past its maximum),
     * instead of on first use, so that a burst right after start pays no connection set-up (TCP, TLS, login).
     * Throws a REDIS {@link QueueException} when the master cannot be reached.
     */
    public void openConnections(int n) {
        try {
            Pools.fill(topology.poolFor(routingKey), n);
            everWorked.set(true);
        } catch (JedisException e) {
            throw redisError(e);
        } catch (Exception e) {
            throw redisError(new JedisConnectionException(e));
        }
    }

    /** Runs a read (or another body safe to repeat) on a pooled connection where the routing key lives. */
    public <T> T call(Function<Jedis, T> body) {
        return attempt(routingKey, true, body);
    }

    /**
     * Runs {@code body} once on every master (one for a server or Sentinel, each shard's for Cluster), in order.
     * A master that cannot answer fails the whole call, naming it: an admin view is never silently partial.
     */
    public <T> List<T> onEveryMaster(Function<Jedis, T> body) {
        List<HostAndPort> masters;
        try {
            masters = topology.masters();
        } catch (JedisException e) {
            throw redisError(e);
        }
        List<T> out = new ArrayList<>(masters.size());
        for (HostAndPort m : masters) {
            try (Jedis j = topology.pooledAt(m)) {
                out.add(body.apply(j));
            } catch (JedisException e) {
                throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": master " + m
                        + " did not answer (" + e.getMessage() + "); no partial answer is given", e);
            }
        }
        everWorked.set(true);
        return out;
    }

    /** Runs one script call and returns its raw reply (bulk strings decoded as UTF-8). */
    public Object eval(ScriptCall call) {
        return attempt(firstKey(List.of(call)), false, j -> ScriptPipelines.eval(j, call));
    }

    /**
     * Runs one script call, then {@code WAIT replicas timeout} on the same connection; returns the reply and how
     * many replicas acknowledged the write.
     */
    public Waited<Object> evalThenWait(ScriptCall call, int replicas, Duration timeout) {
        return attempt(firstKey(List.of(call)), false,
                j -> new Waited<>(ScriptPipelines.eval(j, call), j.waitReplicas(replicas, timeout.toMillis())));
    }

    /** A reply and the replica count {@code WAIT} confirmed for it. */
    public record Waited<T>(T reply, long replicas) {
    }

    /**
     * Runs many script calls in one pipeline (one round trip); replies in order. Calls answered NOSCRIPT are re-sent
     * after loading their scripts; calls that did not run because the master moved are re-sent to the new one. A
     * script that raised an error fails the whole call after the others ran.
     */
    public List<Object> evalAll(List<ScriptCall> calls) {
        List<Object> replies = pipelineSafely(calls, 0, Duration.ZERO).reply();
        throwFirstError(replies);
        return replies;
    }

    /** {@link #evalAll}, then {@code WAIT replicas timeout} on each connection used; the lowest count is returned. */
    public Waited<List<Object>> evalAllThenWait(List<ScriptCall> calls, int replicas, Duration timeout) {
        Waited<List<Object>> w = pipelineSafely(calls, replicas, timeout);
        throwFirstError(w.reply());
        return w;
    }

    /**
     * Like {@link #evalAll} (one round trip, NOSCRIPT and moved masters handled the same way), but for independent
     * calls: a script that raised an error fails only its own call, whose slot in the replies holds the
     * {@link QueueException} that {@link #eval} would have thrown for it. A connection failure still throws for the
     * whole pipeline; calls sent before it may have run.
     */
    public List<Object> evalEach(List<ScriptCall> calls) {
        List<Object> replies = pipelineSafely(calls, 0, Duration.ZERO).reply();
        replies.replaceAll(r -> r instanceof JedisDataException e ? redisError(e) : r);
        return replies;
    }

    /**
     * Runs script calls in one MULTI/EXEC, so either all run or none. Returns the replies; a script that raised an
     * error fails the whole call after the others ran (our scripts only raise on bugs).
     */
    public List<Object> evalAtomically(List<ScriptCall> calls) {
        List<Object> replies = attempt(firstKey(calls), false, j -> ScriptPipelines.transaction(j, calls));
        throwFirstError(replies);
        return replies;
    }

    private Waited<List<Object>> pipelineSafely(List<ScriptCall> calls, int replicas, Duration timeout) {
        long deadline = System.nanoTime() + RETRY_WINDOW.toNanos();
        Waited<List<Object>> first = attempt(firstKey(calls), false, j -> {
            List<Object> r = ScriptPipelines.pipelineReloading(j, calls);
            return new Waited<>(r, replicas > 0 ? j.waitReplicas(replicas, timeout.toMillis()) : 0);
        });
        List<Object> replies = first.reply();
        long acked = first.replicas();
        List<Integer> notRun = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (Failures.isNotRunReply(replies.get(i))) {
                notRun.add(i);
            }
        }
        if (notRun.isEmpty() || !topology.failsOver() || System.nanoTime() > deadline) {
            return new Waited<>(replies, acked);
        }
        topology.refresh();
        for (int i : notRun) {
            // one by one: eval follows ASK redirects and retries until the new master answers
            ScriptCall c = calls.get(i);
            if (replicas > 0) {
                Waited<Object> w = evalThenWait(c, replicas, timeout);
                replies.set(i, w.reply());
                acked = Math.min(acked, w.replicas());
            } else {
                replies.set(i, eval(c));
            }
        }
        return new Waited<>(replies, acked);
    }

    private void throwFirstError(List<Object> replies) {
        for (Object reply : replies) {
            if (reply instanceof JedisDataException e) {
                throw redisError(e);
            }
        }
    }

    /** The first key of the calls, after checking (on Cluster) that all of them hash to one slot. */
    private String firstKey(List<ScriptCall> calls) {
        String first = null;
        int slot = -1;
        for (ScriptCall c : calls) {
            for (String k : c.keys()) {
                if (first == null) {
                    first = k;
                    if (!topology.isCluster()) {
                        return first; // one server or Sentinel: every key lives on the one master
                    }
                    slot = JedisClusterCRC16.getSlot(k);
                } else if (JedisClusterCRC16.getSlot(k) != slot) {
                    throw new IllegalArgumentException("on Redis Cluster the keys " + first + " and " + k
                            + " hash to different slots; give the queues one hash tag, e.g. prefix '{bull}'");
                }
            }
        }
        return first != null ? first : routingKey;
    }

    /** Runs {@code body} on a connection for {@code key}, retrying per the class comment. */
    private <T> T attempt(String key, boolean repeatable, Function<Jedis, T> body) {
        long deadline = System.nanoTime() + RETRY_WINDOW.toNanos();
        long backoff = 25;
        HostAndPort askTarget = null;
        int askHops = 0;
        while (true) {
            boolean sent = false;
            try (Jedis j = askTarget == null ? topology.pooled(key) : topology.pooledAt(askTarget)) {
                if (askTarget != null) {
                    j.asking();
                }
                sent = true;
                T result = body.apply(j);
                everWorked.set(true);
                return result;
            } catch (JedisAskDataException e) {
                // the slot is being migrated and this key already moved: ask the target, once per redirect
                if (++askHops > MAX_ASK_HOPS) {
                    throw redisError(e);
                }
                askTarget = e.getTargetNode();
            } catch (JedisException e) {
                askTarget = null;
                Failures failure = Failures.of(e, sent);
                boolean retry = topology.failsOver() && System.nanoTime() < deadline
                        && (failure == Failures.NOT_RUN || failure == Failures.MAYBE_RAN && repeatable);
                if (failure != Failures.FINAL && topology.failsOver()) {
                    topology.refresh();
                }
                if (!retry) {
                    throw redisError(e);
                }
                log.debug("redis {}: {} ({}); retrying in {} ms", config, e.getMessage(), failure, backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, 1_000);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(QueueException.Kind.REDIS, "interrupted while waiting for redis", e);
        }
    }

    private QueueException redisError(JedisException e) {
        return new QueueException(Failures.kindOf(e), "redis " + config + ": " + e.getMessage() + tlsHint(e), e);
    }


    /**
     * A TLS-only server drops a plain connection at once; say so rather than leave a bare "Connection reset". Only
     * when nothing ever worked here: a drop after that is a restart or a failover, not a TLS mismatch.
     */
    private String tlsHint(JedisException e) {
        String m = e.getMessage();
        boolean dropped = e instanceof JedisConnectionException && m != null
                && (m.contains("Connection reset") || m.contains("Unexpected end of stream"));
        return !config.ssl() && dropped && !everWorked.get()
                ? " (the server closed the connection; if it requires TLS, use rediss://)" : "";
    }

    /** Closes a dedicated connection that may already be broken; null is fine. */
    public static void closeQuietly(Jedis connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken: nothing to release
            }
        }
    }

    /** Closes the connections; a view made by {@link #routedBy} leaves them to the executor it came from. */
    @Override
    public void close() {
        if (owner) {
            topology.close();
        }
    }
}
