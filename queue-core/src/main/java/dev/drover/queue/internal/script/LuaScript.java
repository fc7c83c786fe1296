package dev.drover.queue.internal.script;

/**
 * One loaded Lua script: its name ({@code moveToActive}), its declared key count (the file name's suffix), its
 * source with includes inlined, and that source's SHA1 for EVALSHA.
 */
public record LuaScript(String name, int numKeys, String source, String sha1) {

    @Override
    public String toString() {
        return name + "-" + numKeys;
    }
}
