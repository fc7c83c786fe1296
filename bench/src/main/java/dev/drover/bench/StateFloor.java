package dev.drover.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The state floor: the Redis CPU of only the writes (and the one read) that a completed job and the fetch of the
 * next job leave in bullmq's layout, with none of the checks either system makes. Per job: the finished job's lock
 * deleted, it leaves {@code active}, is scored in {@code completed}, gets {@code returnvalue}, {@code finishedOn} and
 * {@code atm}, and its {@code completed} event is added; the next job moves from {@code wait} to {@code active}, gets
 * its lock, {@code processedOn} and {@code ats}, its {@code active} event is added and its hash is read back (the
 * worker needs its data). Ten commands. No compatible implementation can spend less Redis work per processed job
 * than this, so it bounds the "Redis CPU per job" target from below.
 *
 * <p>Measured on prefilled jobs (the prefill is outside the window, as in worker-concurrent), one script call per
 * {@link #JOBS_PER_CALL} jobs (about Drover's batch size) pipelined on one connection.
 */
final class StateFloor {

    static final int JOBS_PER_CALL = 32;
    /** KEYS: wait, active, completed, events, key prefix; ARGV: now, then per job the finishing id and a token. */
    static final String SCRIPT = """
            local now = ARGV[1]
            local out = {}
            for i = 2, #ARGV, 2 do
              local done, token = ARGV[i], ARGV[i + 1]
              local k = KEYS[5] .. done
              redis.call('DEL', k .. ':lock')
              redis.call('LREM', KEYS[2], -1, done)
              redis.call('ZADD', KEYS[3], now, done)
              redis.call('HSET', k, 'returnvalue', 'null', 'finishedOn', now, 'atm', 1)
              redis.call('XADD', KEYS[4], 'MAXLEN', '~', 10000, '*', 'event', 'completed', 'jobId', done,
                'returnvalue', 'null', 'prev', 'active')
              local nxt = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
              if nxt then
                local n = KEYS[5] .. nxt
                redis.call('SET', n .. ':lock', token, 'PX', 30000)
                redis.call('HSET', n, 'processedOn', now, 'ats', 1)
                redis.call('XADD', KEYS[4], 'MAXLEN', '~', 10000, '*', 'event', 'active', 'jobId', nxt,
                  'prev', 'waiting')
                out[#out + 1] = redis.call('HGETALL', n)
              end
            end
            return out
            """;
    private static final int PIPELINE = 16;

    private StateFloor() {
    }

    /** Prefills {@code jobs} jobs shaped as bullmq's add leaves them, then finishes them; returns the figures. */
    static Map<String, Object> measure(Jedis jedis, int jobs) {
        String q = "floor";
        String wait = q + ":wait";
        Pipeline fill = jedis.pipelined();
        for (int i = 0; i < jobs; i++) {
            String id = Integer.toString(i);
            fill.hset(q + ":" + id, Map.of("name", "job", "data", "{\"i\":" + id + "}",
                    "opts", "{\"attempts\":1}", "timestamp", Long.toString(System.currentTimeMillis()),
                    "delay", "0", "priority", "0"));
            fill.lpush(wait, id);
            if (i % 500 == 499) {
                fill.sync();
            }
        }
        fill.sync();
        // the worker's first fetch is not part of a steady-state finish: put one job in active to finish first
        jedis.rpoplpush(wait, q + ":active");
        String sha = jedis.scriptLoad(SCRIPT);
        List<String> keys = List.of(wait, q + ":active", q + ":completed", q + ":events", q + ":");
        RedisStats before = RedisStats.take(jedis);
        long start = System.nanoTime();
        Pipeline p = jedis.pipelined();
        int calls = 0;
        for (int first = 0; first < jobs; first += JOBS_PER_CALL) {
            List<String> args = new ArrayList<>();
            args.add(Long.toString(System.currentTimeMillis()));
            for (int id = first; id < Math.min(jobs, first + JOBS_PER_CALL); id++) {
                args.add(Integer.toString(id));
                args.add("token-" + id);
            }
            p.evalsha(sha, keys, args);
            if (++calls % PIPELINE == 0) {
                p.sync();
            }
        }
        p.sync();
        double seconds = (System.nanoTime() - start) / 1e9;
        RedisStats.Delta d = RedisStats.take(jedis).since(before);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobsPerSec", jobs / seconds);
        m.put("redisCmdsPerJob", (double) d.commands() / jobs);
        m.put("luaPerJob", (double) d.luaCalls() / jobs);
        m.put("redisCpuUsPerJob", d.cpuMicros() / jobs);
        m.put("jobsPerCall", JOBS_PER_CALL);
        m.put("script", SCRIPT);
        return m;
    }
}
