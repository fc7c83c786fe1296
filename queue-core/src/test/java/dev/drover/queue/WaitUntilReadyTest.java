package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.FreePort;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * {@link Queue#waitUntilReady()} opens the queue's pooled connections before its first call, so that a burst right
 * after start finds them open, and fails clearly when Redis cannot be reached. Counted on a server of its own.
 */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer(aof = false)
class WaitUntilReadyTest {

    private final TestRedis redis;

    WaitUntilReadyTest(TestRedis redis) {
        this.redis = redis;
    }

    @Test
    void opensThePoolOnceAndABurstAfterItOpensNoMoreConnections() throws Exception {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).maxConnections(4).build();
        try (Jedis observer = redis.jedis(); Queue queue = new Queue("ready", qo)) {
            long before = connectedClients(observer);
            assertThat(queue.waitUntilReady()).isSameAs(queue);
            assertThat(connectedClients(observer)).isEqualTo(before + 4);
            queue.waitUntilReady();
            burst(queue, 4);
            assertThat(connectedClients(observer)).isEqualTo(before + 4);
        }
    }

    @Test
    void anUnreachableRedisIsARedisErrorNamingTheServer() throws Exception {
        int closed = FreePort.pick();
        QueueOptions qo = QueueOptions.builder().redisUrl("redis://127.0.0.1:" + closed).prefix(redis.prefix()).build();
        try (Queue queue = new Queue("ready", qo)) {
            assertThatThrownBy(queue::waitUntilReady).isInstanceOfSatisfying(QueueException.class,
                    e -> assertThat(e.kind()).isEqualTo(QueueException.Kind.REDIS))
                    .hasMessageContaining("127.0.0.1:" + closed);
        }
    }

    /** {@code n} reads at once, so that each needs a connection of its own. */
    private static void burst(Queue queue, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> reads = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                reads.add(threads.submit(() -> {
                    go.await();
                    return queue.getJobCounts();
                }));
            }
            go.countDown();
        }
        for (Future<?> r : reads) {
            r.get();
        }
    }

    private static long connectedClients(Jedis j) {
        return j.info("clients").lines().filter(l -> l.startsWith("connected_clients:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }
}
