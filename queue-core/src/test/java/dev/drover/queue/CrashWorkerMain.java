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
        }, WorkerOptions.builder().name("doomed").concurrency(5).lockDuration(Duration.ofMillis(1000))
                .stalledInterval(Duration.ofMillis(500)).build(), qo);
        w.start();
        Thread.sleep(Duration.ofMinutes(10));
    }
}
