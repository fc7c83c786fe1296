package dev.drover.queue.contract;

/**
 * A Redis deployment the contract suite ({@link RedisContract}) runs against, and the fault it injects: a Sentinel
 * or Cluster failover where there are replicas, else every client connection dropped at once (what clients see of a
 * failover or a proxy restart).
 */
public interface RedisUnderTest {

    /** The one URL Drover and Node bullmq are given. */
    String url();

    /** A key prefix of its own for one test, hash-tagged so that it also works on Cluster. */
    String newPrefix();

    /** Replicas an add can wait for ({@code WAIT}); 0 for a server without replicas. */
    int replicas();

    /** Injects the fault for the master holding {@code key}; returns once it is over (a new master is serving). */
    void disrupt(String key);
}
