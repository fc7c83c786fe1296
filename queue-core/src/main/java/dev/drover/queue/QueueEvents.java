package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Follows a queue's events stream with {@code XREAD BLOCK} on its own connection (named {@code P:<base64(Q)>:qe}
 * like BullMQ's) and hands each event to a listener. It starts after the newest event, or after a given event id to
 * resume where a previous reader stopped ({@link #lastEventId()}); it reconnects after Redis drops and continues from
 * the last event it delivered, so nothing in between is skipped (unless the stream was trimmed past it).
 */
public final class QueueEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueEvents.class);
    private static final int BLOCK_MS = 10_000;
    private static final int BATCH = 100;

    private final QueueKeys keys;
    private final RedisExecutor redis;
    private final RedisExecutor owner;
    private final QueueEventListener listener;
    private volatile String lastId;
    private volatile boolean running;
    private volatile Jedis connection;
    private Thread thread;

    /** Events after the newest one at {@link #start()}. */
    public QueueEvents(String queueName, QueueOptions options, QueueEventListener listener) {
        this(queueName, options, listener, null);
    }

    /** Events after {@code afterEventId} ("0" for the whole stream; null for only new events). */
    public QueueEvents(String queueName, QueueOptions options, QueueEventListener listener, String afterEventId) {
        this.keys = new QueueKeys(options.prefix(), queueName);
        QueueClient.requireFit(keys, options);
        this.owner = new RedisExecutor(options.redis(), 1);
        this.redis = owner.routedBy(keys.events());
        this.listener = listener;
        this.lastId = afterEventId;
    }

    /** Resolves the starting point now (so events from here on are delivered), then reads on a named thread. */
    public QueueEvents start() {
        if (lastId == null) {
            List<StreamEntry> newest = redis.call(j -> j.xrevrange(keys.events(), "+", "-", 1));
            lastId = newest.isEmpty() ? "0-0" : newest.get(0).getID().toString();
        }
        running = true;
        // a platform thread: it waits on every reply itself, and a virtual thread's socket read adds a poller hand-off
        thread = Thread.ofPlatform().daemon().name("drover-events-" + keys.queueName()).start(this::readLoop);
        return this;
    }

    /** The id of the last event delivered: pass it to a new QueueEvents to resume. */
    public String lastEventId() {
        return lastId;
    }

    private void readLoop() {
        long backoff = 100;
        while (running) {
            try {
                deliver(read());
                backoff = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                dropConnection();
                RuntimeException why = redis.blockingFailed(e);
                log.warn("[{}] reading events failed, retrying in {} ms: {}", keys.queueName(), backoff, why.getMessage());
                pause(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private List<StreamEntry> read() {
        var reply = connection().xread(XReadParams.xReadParams().block(BLOCK_MS).count(BATCH),
                Map.of(keys.events(), new StreamEntryID(lastId)));
        return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
    }

    private void deliver(List<StreamEntry> entries) {
        for (StreamEntry e : entries) {
            Map<String, String> fields = e.getFields();
            try {
                listener.onEvent(new QueueEvent(e.getID().toString(), fields.getOrDefault("event", ""), fields));
            } catch (RuntimeException ex) {
                log.warn("[{}] event listener threw on {}: {}", keys.queueName(), e.getID(), ex.toString());
            }
            lastId = e.getID().toString();
        }
    }

    private Jedis connection() {
        Jedis j = connection;
        if (j == null) {
            j = redis.dedicatedConnection(keys.clientName() + ":qe");
            connection = j;
        }
        return j;
    }

    private void dropConnection() {
        Jedis j = connection;
        connection = null;
        RedisExecutor.closeQuietly(j);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        abortRead();
        if (thread != null) {
            // Jedis reconnects a closed connection on its next command: a read that raced the first abort blocks
            // on a fresh socket (an interrupt does not wake a platform thread's socket read), so abort once more
            joinQuietly(Duration.ofMillis(200));
            if (thread.isAlive()) {
                abortRead();
                joinQuietly(Duration.ofSeconds(5));
            }
        }
        dropConnection();
        owner.close();
    }

    /** Closes the reader's socket, which ends an XREAD BLOCK in progress. */
    private void abortRead() {
        Jedis j = connection;
        if (j != null) {
            try {
                j.disconnect();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    private void joinQuietly(Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
