package dev.drover.queue.internal.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * What a failed Redis call tells about whether its command ran, which decides whether it may be sent again.
 */
enum Failures {
    /** The command certainly did not run (redirected, refused by a replica, no connection yet): resend freely. */
    NOT_RUN,
    /** The connection broke after the command was sent: it may or may not have run. */
    MAYBE_RAN,
    /** Any other error (a script error, a wrong type, bad credentials): sending it again would fail again. */
    FINAL;

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
}
