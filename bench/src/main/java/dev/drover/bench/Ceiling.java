package dev.drover.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The ceiling: how fast this Redis runs the cheapest script sequence one job needs, from a tight pipelined loop of
 * EVALSHA on one connection. "add" = one script (HSET the job hash + LPUSH wait); "job" = add plus one
 * process script (RPOPLPUSH wait->active, LREM active, ZADD completed, HSET finishedOn), i.e. the floor for a
 * worker whose finish call also fetches the next job.
 */
final class Ceiling {

    static final String ADD = "redis.call('HSET', KEYS[2], 'name', 'job', 'data', ARGV[2], 'timestamp', ARGV[3]) "
            + "redis.call('LPUSH', KEYS[1], ARGV[1]) return 1";
    static final String PROCESS = "local id = redis.call('RPOPLPUSH', KEYS[1], KEYS[2]) "
            + "if id then redis.call('LREM', KEYS[2], -1, id) redis.call('ZADD', KEYS[3], ARGV[1], id) "
            + "redis.call('HSET', KEYS[4] .. id, 'finishedOn', ARGV[1]) end return id";
    private static final int BATCH = 500;

    private Ceiling() {
    }

    /** Runs both loops over {@code jobs} jobs; returns {add: figures, job: figures}, each jobsPerSec etc. */
    static Map<String, Object> measure(Jedis jedis, int jobs) {
        String addSha = jedis.scriptLoad(ADD);
        String processSha = jedis.scriptLoad(PROCESS);
        Map<String, Object> out = new LinkedHashMap<>();
        loop(jedis, Math.min(jobs, 20_000), addSha, processSha, "ceil-warm"); // JIT-warm the client first
        out.put("add", loop(jedis, jobs, addSha, null, "ceil-add"));
        out.put("job", loop(jedis, jobs, addSha, processSha, "ceil-job"));
        out.put("stateFloor", StateFloor.measure(jedis, jobs));
        out.put("addScript", ADD);
        out.put("processScript", PROCESS);
        return out;
    }

    private static Map<String, Object> loop(Jedis jedis, int jobs, String addSha, String processSha, String q) {
        String wait = q + ":wait";
        List<String> processKeys = List.of(wait, q + ":active", q + ":completed", q + ":");
        RedisStats before = RedisStats.take(jedis);
        long start = System.nanoTime();
        Pipeline p = jedis.pipelined();
        for (int i = 0; i < jobs; i++) {
            String id = Integer.toString(i);
            String now = Long.toString(System.currentTimeMillis());
            p.evalsha(addSha, List.of(wait, q + ":" + id), List.of(id, "{\"i\":" + id + "}", now));
            if (processSha != null) {
                p.evalsha(processSha, processKeys, List.of(now));
            }
            if (i % BATCH == BATCH - 1) {
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
        return m;
    }
}
