package dev.drover.queue.internal.redis;

import dev.drover.queue.QueueException;
import java.util.List;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * What a failed Redis call tells about whether its command ran, which decides whether it may be sent again, and
 * ({@link #kindOf}) whether callers see it as an outage or as an error of the call itself.
 */
enum Failures {
    /** The command certainly did not run (redirected, refused by a replica, no connection yet): resend freely. */
    NOT_RUN,
    /** The connection broke after the command was sent: it may or may not have run. */
    MAYBE_RAN,
    /** Any other error (a script error, a wrong type, bad credentials): sending it again would fail again. */
    FINAL;

    /** Error reply prefixes meaning "not now" rather than "not this call" (see {@link #kindOf}). */
    private static final List<String> TRANSIENT_ERRORS = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN",
            "MASTERDOWN", "READONLY", "NOREPLICAS", "OOM", "MOVED", "ASK", "UNBLOCKED");

    /** Error replies by which Redis says it did not run the command because of where or when it was sent. */
    private static final String[] NOT_RUN_REPLIES = {"MOVED", "ASK", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "LOADING",
            "MASTERDOWN", "EXECABORT", "UNBLOCKED"};

    static Failures of(JedisException e, boolean sent) {
        if (!sent) {
            return e instanceof JedisConnectionException ? NOT_RUN : FINAL;
        }
        if (e instanceof JedisConnectionException) {
            return MAYBE_RAN;
        }
        return isNotRunReply(e) ? NOT_RUN : FINAL;
    }

    /** A reply (in a pipeline's results) that says its command did not run because of where it was sent. */
    static boolean isNotRunReply(Object reply) {
        if (reply instanceof JedisRedirectionException) {
            return true;
        }
        if (!(reply instanceof JedisDataException e) || e.getMessage() == null) {
            return false;
        }
        for (String prefix : NOT_RUN_REPLIES) {
            if (e.getMessage().startsWith(prefix)) {
                return true;
            }
        }
        return false;
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
}
