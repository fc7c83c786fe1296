package dev.drover.queue;

import java.time.Duration;

/**
 * A worker process for the crash test: takes jobs and never finishes them (they block), so that killing the process
 * leaves them active with locks that expire. Args: redisUrl prefix queue.
 */
public final class CrashWorkerMain {

    private CrashWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        QueueOptions qo = QueueOptions.builder().redisUrl(args[0]).prefix(args[1]).build();
        Worker w = new Worker(args[2], job -> {
            System.out.println("PROCESSING " + job.id());
            Thread.sleep(Duration.ofMinutes(10));
            return null;
        // locks long enough that a starved JVM on a loaded machine still renews them in time: the test kills this
        // process, so only the rescuer's wait for their expiry depends on it
        }, WorkerOptions.builder().name("doomed").concurrency(5).lockDuration(Duration.ofSeconds(5))
                .stalledInterval(Duration.ofSeconds(5)).build(), qo);
        w.start();
        Thread.sleep(Duration.ofMinutes(10));
    }
}
