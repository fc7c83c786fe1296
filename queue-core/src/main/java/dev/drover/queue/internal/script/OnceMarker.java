package dev.drover.queue.internal.script;

import dev.drover.queue.AddOnce;
import dev.drover.queue.internal.keys.QueueKeys;
import java.util.UUID;

/**
 * The add-once arguments of an addJob call (see {@code includes/addOnce.lua}): the marker's full key ("" for a plain
 * add), the calling add's token and the marker's ttl.
 */
public record OnceMarker(String key, String token, long ttlMs) {

    public static final OnceMarker NONE = new OnceMarker("", "", 0);

    /** The marker of an add-once call made now, in {@code queue}: a fresh token, so a repeat finds this call's. */
    public static OnceMarker fresh(QueueKeys queue, AddOnce once) {
        return new OnceMarker(key(queue, once.id()), UUID.randomUUID().toString(), once.remember().toMillis());
    }

    /** {@code P:Q:once:<id>}. */
    public static String key(QueueKeys queue, String onceId) {
        return queue.key("once:" + onceId);
    }
}
