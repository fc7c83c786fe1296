package dev.drover.queue.internal.redis;

import dev.drover.queue.internal.script.LuaScript;
import dev.drover.queue.internal.script.ScriptCall;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Script calls on one connection: by EVALSHA, loading a script on NOSCRIPT (a fresh or restarted server) and
 * re-sending, which is safe because a NOSCRIPT reply means nothing ran. Error replies are left in the results for
 * the caller to judge.
 */
final class ScriptPipelines {

    private ScriptPipelines() {
    }

    static Object eval(Jedis jedis, ScriptCall call) {
        try {
            return jedis.evalsha(call.script().sha1(), call.keys(), call.args());
        } catch (JedisNoScriptException e) {
            jedis.scriptLoad(call.script().source());
            return jedis.evalsha(call.script().sha1(), call.keys(), call.args());
        }
    }

    /**
     * One pipeline of the calls, then one for those answered NOSCRIPT after one SCRIPT LOAD per distinct script (so
     * a flushed script cache costs one load per script, not a load and two round trips per call). Error replies are
     * left in the results as {@link JedisDataException}s.
     */
    static List<Object> pipelineReloading(Jedis jedis, List<ScriptCall> calls) {
        List<Object> replies = pipeline(jedis, calls);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (isNoScript(replies.get(i))) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            retryNoScript(jedis, calls, replies, missing);
        }
        return replies;
    }

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
     * The calls in one MULTI/EXEC, so either all run or (on a connection failure before EXEC, or a redirect inside
     * the transaction, which aborts it) none. Scripts are loaded first: a NOSCRIPT inside could not be retried.
     */
    static List<Object> transaction(Jedis jedis, List<ScriptCall> calls) {
        calls.stream().map(ScriptCall::script).distinct().forEach(s -> jedis.scriptLoad(s.source()));
        Transaction tx = jedis.multi();
        for (ScriptCall c : calls) {
            tx.evalsha(c.script().sha1(), c.keys(), c.args());
        }
        return tx.exec();
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
}
