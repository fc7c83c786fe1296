package dev.drover.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;

/**
 * A snapshot of a Redis server's INFO commandstats (calls per command) and INFO cpu (used_cpu_sys +
 * used_cpu_user). Commands run inside Lua scripts are counted by Redis too, so {@link Delta#commands()} is the
 * server's total work, not client round trips (see {@link CallCountingProxy} for those).
 */
record RedisStats(Map<String, Long> calls, double cpuSeconds) {

    /** Lua entry points: one per script call a client made. */
    static final Set<String> LUA = Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro");
    /** The harness's own probes, left out of the deltas. */
    static final Set<String> OWN = Set.of("info", "config|resetstat", "flushall", "ping");

    /** Reads the snapshot (one INFO call). */
    static RedisStats take(Jedis jedis) {
        return parse(jedis.info("commandstats") + "\n" + jedis.info("cpu"));
    }

    /** Parses INFO text with commandstats and cpu sections. */
    static RedisStats parse(String info) {
        Map<String, Long> calls = new HashMap<>();
        double cpu = 0;
        for (String raw : info.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                int at = line.indexOf("calls=") + 6;
                int end = line.indexOf(',', at);
                calls.put(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)));
            } else if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return new RedisStats(calls, cpu);
    }

    /** What happened between {@code before} and this snapshot. */
    Delta since(RedisStats before) {
        long commands = 0;
        long lua = 0;
        for (Map.Entry<String, Long> e : calls.entrySet()) {
            if (OWN.contains(e.getKey())) {
                continue;
            }
            long d = e.getValue() - before.calls.getOrDefault(e.getKey(), 0L);
            commands += d;
            if (LUA.contains(e.getKey())) {
                lua += d;
            }
        }
        return new Delta(commands, lua, (cpuSeconds - before.cpuSeconds) * 1e6);
    }

    /** Commands executed (script-internal ones included), script calls, and Redis CPU in microseconds. */
    record Delta(long commands, long luaCalls, double cpuMicros) {
    }
}
