package dev.drover.queue.internal.redis;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;

/**
 * Listens to one sentinel's {@code +switch-master} channel on a daemon thread and reports the new address of the
 * watched master. Resubscribes (with capped backoff) when the sentinel goes away, until closed.
 */
final class SentinelWatcher {

    private static final Logger log = LoggerFactory.getLogger(SentinelWatcher.class);

    private final HostAndPort sentinel;
    private final JedisClientConfig client;
    private final String masterName;
    private final Consumer<HostAndPort> onSwitch;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Jedis connection;
    private final JedisPubSub subscriber = new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
            // "<master name> <old ip> <old port> <new ip> <new port>"
            String[] f = message.split(" ");
            if (f.length == 5 && f[0].equals(masterName)) {
                onSwitch.accept(new HostAndPort(f[3], Integer.parseInt(f[4])));
            }
        }
    };

    SentinelWatcher(HostAndPort sentinel, JedisClientConfig client, String masterName, Consumer<HostAndPort> onSwitch) {
        this.sentinel = sentinel;
        this.client = client;
        this.masterName = masterName;
        this.onSwitch = onSwitch;
        this.thread = Thread.ofPlatform().daemon().name("drover-sentinel-" + sentinel).unstarted(this::listen);
    }

    void start() {
        thread.start();
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Jedis j = new Jedis(sentinel, client)) {
                connection = j;
                j.subscribe(subscriber, "+switch-master");
                backoff = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.debug("sentinel {} unavailable ({}); resubscribing in {} ms", sentinel, e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        running = false;
        Jedis j = connection;
        if (j != null) {
            try {
                j.disconnect(); // ends the blocking subscribe
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        thread.interrupt();
    }
}
