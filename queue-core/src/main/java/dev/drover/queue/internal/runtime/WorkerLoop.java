package dev.drover.queue.internal.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running worker: one fetch thread fills free concurrency slots (blocking on the marker when there is no work),
 * each job runs on its own thread and keeps its slot for the next job fetched by its finishing call; a timer thread
 * renews locks and runs the stalled check. {@link #pause} stops taking jobs (both the fetch thread and the finishing
 * calls' fused fetch) until {@link #resume}; running jobs carry on.
 *
 * <p>Threads: the threads that wait on Redis replies themselves are platform threads: the fetch thread, and the one
 * slot of a worker of concurrency 1, whose finishing calls go straight to Redis (see {@link FinishBatcher}). A
 * virtual thread's blocking socket read parks it and hands the wake-up to the JDK's poller thread, which then
 * reschedules it on a carrier: two hand-offs per reply instead of one, measured at about twice the client CPU per
 * job and a fifth less throughput in the benchmark's single-slot drain (docs/benchmarks.md). The slots of a worker
 * of concurrency above 1 are virtual threads: they wait on the finish sender, not on a socket, and many of them may
 * block in their processors at little cost.
 *
 * <p>Shutdown in two phases: {@link #close} stops fetching (and fused fetching), waits for running jobs up to the
 * deadline, then gives the rest back to wait (they run again elsewhere: it is worse to lose a job than to run it
 * twice) and interrupts their threads.
 */
public final class WorkerLoop {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final long MAX_ERROR_BACKOFF_MS = 5_000;

    private final WorkerContext ctx;
    private final RunningJobs running = new RunningJobs();
    private final Semaphore slots;
    private final Fetcher fetcher;
    private final FinishBatcher finisher;
    private final JobRunner runner;
    private final ScheduledExecutorService timers;
    private final ExecutorService jobThreads;
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition resumed = pauseLock.newCondition();
    private volatile boolean fetching;
    private volatile boolean paused;
    private Thread fetchThread;

    public WorkerLoop(WorkerContext ctx) {
        this.ctx = ctx;
        this.slots = new Semaphore(ctx.options().concurrency());
        this.fetcher = new Fetcher(ctx);
        this.finisher = new FinishBatcher(ctx.client().redis(), ctx.client().scripts(), ctx.label(), ctx.options().concurrency() > 1);
        this.runner = new JobRunner(ctx, running, ctx.client().random(),
                new RedisRetry(ctx.label(), () -> true), finisher);
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("drover-timers-" + ctx.label()).factory());
        Thread.Builder slotThreads = ctx.options().concurrency() == 1
                ? Thread.ofPlatform().daemon()
                : Thread.ofVirtual();
        this.jobThreads = Executors.newThreadPerTaskExecutor(slotThreads
                .name("drover-job-" + ctx.label() + "-", 1).factory());
    }

    public void start() {
        fetcher.connect();
        warnIfEvicting();
        finisher.start();
        fetching = true;
        LockExtender locks = new LockExtender(ctx, running);
        timers.scheduleAtFixedRate(locks, locks.periodMs(), locks.periodMs(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(new StalledJobChecker(ctx), 0, ctx.options().stalledInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        fetchThread = Thread.ofPlatform().daemon().name("drover-fetch-" + ctx.label()).start(this::fetchLoop);
        log.info("[{}] worker started: concurrency {}, lockDuration {}, stalledInterval {}, connection {}",
                ctx.label(), ctx.options().concurrency(), ctx.options().lockDuration(),
                ctx.options().stalledInterval(), ctx.connectionName());
    }

    public boolean isRunning() {
        return fetching;
    }

    public int activeJobs() {
        return running.size();
    }

    /** Takes no new job until {@link #resume}; returns at once, running jobs carry on. */
    public void pause() {
        paused = true;
    }

    /** Takes jobs again after {@link #pause}. */
    public void resume() {
        pauseLock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    private void fetchLoop() {
        long backoff = 100;
        while (fetching) {
            if (!awaitResumed() || !acquireSlot()) {
                break;
            }
            if (paused) {
                slots.release(); // paused while waiting for the slot
                continue;
            }
            boolean slotHeld = true;
            try {
                long held = ctx.fetchingHeldUntil() - ctx.client().now();
                if (held > 0) {
                    slots.release();
                    slotHeld = false;
                    RedisRetry.pause(Duration.ofMillis(held));
                    continue;
                }
                FetchResult r = fetcher.fetch();
                if (r.hasJob()) {
                    slotHeld = false;
                    jobThreads.submit(() -> runSlot(r));
                    if (!r.moreReady()) {
                        // nothing else was ready: a fetch now would find nothing, so wait for the marker first
                        fetcher.awaitWork(r.nextDelayMs());
                    }
                    continue;
                }
                slots.release();
                slotHeld = false;
                if (r.rateLimitTtlMs() > 0) {
                    RedisRetry.pause(Duration.ofMillis(r.rateLimitTtlMs()));
                } else {
                    fetcher.awaitWork(r.nextDelayMs());
                }
                backoff = 100;
            } catch (RuntimeException e) {
                if (slotHeld) {
                    slots.release();
                }
                if (!fetching) {
                    break;
                }
                log.warn("[{}] fetching failed, retrying in {} ms: {}", ctx.label(), backoff, e.getMessage());
                sleepQuietly(backoff);
                backoff = Math.min(backoff * 2, MAX_ERROR_BACKOFF_MS);
            }
        }
        log.debug("[{}] fetch loop ended", ctx.label());
    }

    /** False when interrupted (close). */
    private boolean awaitResumed() {
        pauseLock.lock();
        try {
            while (paused && fetching) {
                resumed.await();
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            pauseLock.unlock();
        }
    }

    private boolean acquireSlot() {
        try {
            slots.acquire();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Runs a job, then each next job its finishing call fetched, on this one slot. */
    private void runSlot(FetchResult first) {
        FetchResult current = first;
        try {
            while (current.hasJob()) {
                current = runner.run(current, () -> fetching && !paused);
            }
        } catch (RuntimeException e) {
            log.error("[{}] unexpected error while running jobs; the job will be recovered as stalled", ctx.label(), e);
        } finally {
            slots.release();
        }
    }

    /** Two-phase stop: quiet, wait up to {@code timeout} for running jobs, then release the rest to wait. */
    public void close(Duration timeout) {
        if (!fetching) {
            return;
        }
        fetching = false;
        fetcher.close();
        fetchThread.interrupt();
        joinQuietly(fetchThread, Duration.ofMillis(200));
        if (fetchThread.isAlive()) {
            // a block that raced the first close runs on a socket Jedis reopened, which an interrupt does not wake
            fetcher.close();
            joinQuietly(fetchThread, Duration.ofSeconds(10));
        }
        int concurrency = ctx.options().concurrency();
        if (!tryAcquire(concurrency, timeout)) {
            releaseRunningJobs();
            tryAcquire(concurrency, Duration.ofSeconds(5));
        }
        timers.shutdownNow();
        jobThreads.shutdownNow();
        finisher.close(); // after the slots: calls still queued are sent first
        fetcher.close();
        log.info("[{}] worker stopped", ctx.label());
    }

    private void releaseRunningJobs() {
        List<RunningJobs.Entry> left = running.snapshot();
        for (RunningJobs.Entry e : left) {
            running.markReleased(e.jobId());
            try {
                Object r = ctx.client().redis().eval(ctx.client().scripts().releaseJob(e.jobId(), e.token(), 0));
                log.warn("[{}] shutdown deadline passed: job {} released back to wait (reply {})", ctx.label(),
                        e.jobId(), r);
            } catch (RuntimeException ex) {
                log.warn("[{}] could not release job {} ({}); the stalled check will recover it", ctx.label(),
                        e.jobId(), ex.getMessage());
            }
            e.thread().interrupt();
        }
    }

    private void warnIfEvicting() {
        try {
            List<String> policy = ctx.client().redis().call(j -> j.configGet("maxmemory-policy")).entrySet().stream()
                    .map(java.util.Map.Entry::getValue).toList();
            if (!policy.isEmpty() && !"noeviction".equals(policy.get(0))) {
                log.warn("[{}] redis maxmemory-policy is '{}': jobs can be evicted; set it to noeviction",
                        ctx.label(), policy.get(0));
            }
        } catch (RuntimeException e) {
            log.debug("[{}] cannot read maxmemory-policy ({}); skipping the eviction check", ctx.label(), e.getMessage());
        }
    }

    private boolean tryAcquire(int permits, Duration timeout) {
        try {
            if (slots.tryAcquire(permits, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(permits);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void joinQuietly(Thread t, Duration timeout) {
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
