package dev.drover.queue.internal.script;

import java.util.List;

/**
 * A script invocation built but not yet run: which script, its KEYS and its ARGV. Built by {@link Scripts}
 * (pure, testable without Redis) and run by the RedisExecutor.
 */
public record ScriptCall(LuaScript script, List<String> keys, List<String> args) {

    public ScriptCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
        if (keys.size() != script.numKeys()) {
            throw new IllegalArgumentException(script + " takes " + script.numKeys() + " keys, got " + keys.size());
        }
    }
}
