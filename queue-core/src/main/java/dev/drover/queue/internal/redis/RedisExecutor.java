package dev.drover.queue.internal.redis;

import dev.drover.queue.QueueException;
import dev.drover.queue.RedisConfig;
import dev.drover.queue.internal.script.LuaScript;
import dev.drover.queue.internal.script.ScriptCall;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs Redis commands and {@link ScriptCall}s over a connection pool. Scripts run by EVALSHA; on NOSCRIPT (a fresh
 * or restarted server) the script is loaded and the call retried once, which is safe because a NOSCRIPT reply
 * means nothing ran. Pipelined script calls ({@link #evalAll}) cost one round trip. Broken connections are dropped
 * by the pool, so calls after a Redis restart reconnect by themselves; the failing call itself throws.
 */
public final class RedisExecutor implements AutoCloseable {

    /** Error reply prefixes meaning "not now" rather than "not this call" (see {@link #kindOf}). */
    private static final List<String> TRANSIENT_ERRORS = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN",
            "MASTERDOWN", "READONLY", "NOREPLICAS", "OOM", "MOVED", "ASK");

    private final RedisConfig config;
    private final JedisPool pool;

    public RedisExecutor(RedisConfig config, int maxConnections) {
        this.config = config;
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(maxConnections);
        poolConfig.setMaxIdle(maxConnections);
        poolConfig.setTestOnBorrow(false);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, hostAndPort(), clientConfig(null));
    }

    public RedisConfig config() {
        return config;
    }

    /** A dedicated connection for blocking commands (BZPOPMIN, XREAD BLOCK), optionally named; caller closes it. */
    public Jedis dedicatedConnection(String clientName) {
        return new Jedis(hostAndPort(), clientConfig(clientName));
    }

    private HostAndPort hostAndPort() {
        return new HostAndPort(config.host(), config.port());
    }

    private JedisClientConfig clientConfig(String clientName) {
        int timeoutMs = (int) config.timeout().toMillis();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .user(config.user()).password(config.password()).database(config.database()).ssl(config.ssl())
                .clientName(clientName).connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(timeoutMs);
        if (config.ssl()) {
            // Jedis checks only the certificate chain by default; also check the server's name/IP, as HTTPS does.
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            b.sslParameters(tls).sslSocketFactory(config.sslSocketFactory());
        }
        return b.build();
    }

    /** Runs {@code body} with a pooled connection; Jedis failures become {@link QueueException}s of kind REDIS. */
    public <T> T call(Function<Jedis, T> body) {
        try (Jedis jedis = pool.getResource()) {
            return body.apply(jedis);
        } catch (JedisException e) {
            throw redisError(e);
        }
    }

    /** Runs one script call and returns its raw reply (bulk strings decoded as UTF-8). */
    public Object eval(ScriptCall call) {
        return call(jedis -> evalOn(jedis, call));
    }

    private static Object evalOn(Jedis jedis, ScriptCall call) {
        try {
            return jedis.evalsha(call.script().sha1(), call.keys(), call.args());
        } catch (JedisNoScriptException e) {
            jedis.scriptLoad(call.script().source());
            return jedis.evalsha(call.script().sha1(), call.keys(), call.args());
        }
    }

    /**
     * Runs many script calls in one pipeline (one round trip); replies in order. Calls answered NOSCRIPT (a fresh or
     * restarted server) are re-sent together in a second pipeline after one SCRIPT LOAD per distinct script, so a
     * flushed script cache costs one load per script rather than one load and two round trips per call. Re-sending
     * is safe: a NOSCRIPT call never ran. A script that raised an error fails the whole call after the others ran.
     */
    public List<Object> evalAll(List<ScriptCall> calls) {
        return call(jedis -> {
            List<Object> replies = pipelineReloading(jedis, calls);
            for (Object reply : replies) {
                if (reply instanceof JedisDataException e) {
                    throw e;
                }
            }
            return replies;
        });
    }

    /**
     * Like {@link #evalAll} (one round trip, NOSCRIPT handled the same way), but for independent calls: a script
     * that raised an error fails only its own call, whose slot in the replies holds the {@link QueueException} that
     * {@link #eval} would have thrown for it. A connection failure still throws for the whole pipeline; calls sent
     * before it may have run.
     */
    public List<Object> evalEach(List<ScriptCall> calls) {
        List<Object> replies = call(jedis -> pipelineReloading(jedis, calls));
        replies.replaceAll(r -> r instanceof JedisDataException e ? redisError(e) : r);
        return replies;
    }

    private QueueException redisError(JedisException e) {
        return new QueueException(kindOf(e), "redis " + config + ": " + e.getMessage() + tlsHint(e), e);
    }

    /**
     * REDIS (an outage: retry later) unless Redis ran the call and answered with an error of the call's own, such as
     * a script error or a key of the wrong type: then COMMAND_ERROR, which no retry will cure. Replies that say the
     * server cannot serve for now (still loading, busy with a script, failing over, a read-only replica, out of
     * memory) count as outages, and so do refused logins and permissions, which are about the connection.
     */
    static QueueException.Kind kindOf(JedisException e) {
        if (!(e instanceof JedisDataException) || e instanceof JedisNoScriptException
                || e instanceof JedisAccessControlException) {
            return QueueException.Kind.REDIS;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (String transientError : TRANSIENT_ERRORS) {
            if (m.startsWith(transientError)) {
                return QueueException.Kind.REDIS;
            }
        }
        return QueueException.Kind.COMMAND_ERROR;
    }

    /** A TLS-only server drops a plain connection at once; say so rather than leave a bare "Connection reset". */
    private String tlsHint(JedisException e) {
        String m = e.getMessage();
        boolean dropped = e instanceof JedisConnectionException && m != null
                && (m.contains("Connection reset") || m.contains("Unexpected end of stream"));
        return !config.ssl() && dropped ? " (the server closed the connection; if it requires TLS, use rediss://)" : "";
    }

    /** One pipeline of the calls, then one for those answered NOSCRIPT; script errors are left in the replies. */
    private static List<Object> pipelineReloading(Jedis jedis, List<ScriptCall> calls) {
        List<Object> replies = pipeline(jedis, calls);
        List<Integer> missing = noScriptIndexes(replies);
        if (!missing.isEmpty()) {
            retryNoScript(jedis, calls, replies, missing);
        }
        return replies;
    }

    private static List<Integer> noScriptIndexes(List<Object> replies) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (isNoScript(replies.get(i))) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** Loads each distinct script of the NOSCRIPT calls once, re-sends those calls in one pipeline, fills replies. */
    private static void retryNoScript(Jedis jedis, List<ScriptCall> calls, List<Object> replies, List<Integer> missing) {
        List<ScriptCall> retry = new ArrayList<>(missing.size());
        Set<LuaScript> scripts = new LinkedHashSet<>();
        for (int i : missing) {
            retry.add(calls.get(i));
            scripts.add(calls.get(i).script());
        }
        scripts.forEach(s -> jedis.scriptLoad(s.source()));
        List<Object> retried = pipeline(jedis, retry);
        for (int j = 0; j < missing.size(); j++) {
            replies.set(missing.get(j), retried.get(j));
        }
    }

    /**
     * Runs script calls in one MULTI/EXEC, so either all run or (on a connection failure before EXEC) none.
     * Scripts are loaded first because a NOSCRIPT inside the transaction could not be retried. Returns the replies;
     * a script that raised an error fails the whole call after the others ran (our scripts only raise on bugs).
     */
    public List<Object> evalAtomically(List<ScriptCall> calls) {
        return call(jedis -> {
            calls.stream().map(ScriptCall::script).distinct().forEach(s -> jedis.scriptLoad(s.source()));
            redis.clients.jedis.Transaction tx = jedis.multi();
            for (ScriptCall c : calls) {
                tx.evalsha(c.script().sha1(), c.keys(), c.args());
            }
            List<Object> replies = tx.exec();
            for (Object r : replies) {
                if (r instanceof JedisDataException e) {
                    throw e;
                }
            }
            return replies;
        });
    }

    private static List<Object> pipeline(Jedis jedis, List<ScriptCall> calls) {
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (Pipeline p = jedis.pipelined()) {
            for (ScriptCall c : calls) {
                responses.add(p.evalsha(c.script().sha1(), c.keys(), c.args()));
            }
            p.sync();
        }
        List<Object> replies = new ArrayList<>(calls.size());
        for (Response<Object> r : responses) {
            try {
                replies.add(r.get());
            } catch (JedisDataException e) {
                replies.add(e);
            }
        }
        return replies;
    }

    private static boolean isNoScript(Object reply) {
        return reply instanceof JedisDataException e && e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    @Override
    public void close() {
        pool.close();
    }
}
