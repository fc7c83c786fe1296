package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Redis server and key prefix a queue or flow producer handle talks to. Every request carries them
 * (the driver keeps one BullMQ object per connection, prefix and name), which is what lets handles for
 * different servers and prefixes share one driver process.
 *
 * @param url the Redis url, or {@code null} for the driver's default
 * @param prefix the key prefix, or {@code null} for BullMQ's default ({@value #DEFAULT_PREFIX})
 */
record RedisTarget(String url, String prefix) {

    /** BullMQ's key prefix when none is given. */
    static final String DEFAULT_PREFIX = "bull";

    /** Adds {@code url} and {@code prefix} to the request, leaving out those that are {@code null}. */
    ObjectNode stamp(ObjectNode req) {
        if (url != null) {
            req.put("url", url);
        }
        if (prefix != null) {
            req.put("prefix", prefix);
        }
        return req;
    }

    /** The prefix BullMQ actually uses, as it appears in keys and events. */
    String effectivePrefix() {
        return prefix == null ? DEFAULT_PREFIX : prefix;
    }
}
