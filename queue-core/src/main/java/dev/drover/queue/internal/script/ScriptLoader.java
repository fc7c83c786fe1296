package dev.drover.queue.internal.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads Lua scripts from the classpath ({@code dev/drover/queue/lua/<name>-<numKeys>.lua}), inlining every
 * {@code --@include <name>} line with {@code includes/<name>.lua} (each include once per script, nested includes
 * allowed), and computes the SHA1 that EVALSHA needs. Loaded scripts are cached; the loader is thread-safe.
 */
public final class ScriptLoader {

    static final String ROOT = "dev/drover/queue/lua/";
    private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include\\s+(\\S+)\\s*$");
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z]+)-(\\d+)\\.lua");
    private static final ScriptLoader SHARED = new ScriptLoader();

    private final Map<String, LuaScript> cache = new ConcurrentHashMap<>();

    public static ScriptLoader shared() {
        return SHARED;
    }

    /** Loads {@code fileName}, e.g. {@code moveToActive-11.lua}; fails if it is missing or badly named. */
    public LuaScript load(String fileName) {
        return cache.computeIfAbsent(fileName, ScriptLoader::read);
    }

    private static LuaScript read(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("script file name must be verbNoun-<numKeys>.lua: " + fileName);
        }
        String source = inline(resource(ROOT + fileName), new LinkedHashSet<>());
        return new LuaScript(m.group(1), Integer.parseInt(m.group(2)), source, sha1(source));
    }

    private static String inline(String source, Set<String> seen) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            // an include already inlined earlier in this script would redefine its locals; skip it
            String body = seen.add(name) ? inline(resource(ROOT + "includes/" + name + ".lua"), seen) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(body));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String resource(String path) {
        // Class (not ClassLoader) lookup: it finds the module's own resources, which a named module encapsulates
        try (InputStream in = ScriptLoader.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("Lua resource not found on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua resource " + path, e);
        }
    }

    static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the JDK", e);
        }
    }
}
