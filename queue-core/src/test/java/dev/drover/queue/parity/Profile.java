package dev.drover.queue.parity;

/**
 * Which bullmq a differential run compares Drover with. Drover follows bullmq 6 where bullmq 5 and 6 differ, so a
 * bullmq 5 run leaves out what bullmq 6 changed:
 * <ul>
 *   <li>no pause, resume or obliterate (which pauses first): bullmq 5 parks the jobs of a paused queue in a
 *       {@code paused} list;
 *   <li>no retry of one job: bullmq 6 puts a job with a priority back in prioritized, bullmq 5 in wait;
 *   <li>no retry of all finished jobs once flows exist: bullmq 6 puts a retried child back among its parent's
 *       dependencies, bullmq 5 does not;
 *   <li>no failParentOnFailure children, and workers that tolerate many stalls: bullmq 5 fails a job with a deferred
 *       failure inside the fetch, bullmq 6 hands it to the worker to fail;
 *   <li>its state is normalized with {@link RedisState#V5_PAUSED_AS_WAIT}.
 * </ul>
 */
enum Profile {
    BULLMQ_6(0, 1),
    BULLMQ_5(RedisState.V5_PAUSED_AS_WAIT, 1_000);

    private final int normalization;
    private final int maxStalledCount;

    Profile(int normalization, int maxStalledCount) {
        this.normalization = normalization;
        this.maxStalledCount = maxStalledCount;
    }

    /** Flags for {@link RedisState#snapshot}. */
    int normalization() {
        return normalization;
    }

    /** The workers' maxStalledCount on both sides. */
    int maxStalledCount() {
        return maxStalledCount;
    }
}
