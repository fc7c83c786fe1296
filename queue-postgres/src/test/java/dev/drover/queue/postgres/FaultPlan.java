package dev.drover.queue.postgres;

import java.util.Random;
import java.util.UUID;

/**
 * A seeded schedule of faults: what goes wrong in a given attempt of a given job, and in the first relay of a given
 * outbox row. The choice depends only on the seed, the job id and the attempt number (or the row id), never on the
 * order threads happen to run in, so a seed names one schedule of faults per job.
 */
final class FaultPlan {

    /** What happens to one attempt of a job. */
    enum Fault {
        /** Nothing: the attempt runs, commits and is acknowledged. */
        NONE,
        /** The work throws after writing: the transaction rolls back and the queue retries the job. */
        WORK_FAILS,
        /** The process dies after the work, before the commit. */
        CRASH_BEFORE_COMMIT,
        /** The process dies after the commit, before the job is acknowledged. */
        CRASH_AFTER_COMMIT,
        /** The worker stalls past its lock just before committing; another attempt takes the job over. */
        STALL_BEFORE_COMMIT,
        /** The worker stalls past its lock before it even starts the attempt; another attempt takes the job over. */
        STALL_AT_START
    }

    /** Attempts from this one on run without faults, so that every job ends. */
    static final int CALM_FROM_ATTEMPT = 5;

    private final long seed;

    FaultPlan(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    Fault attempt(String jobId, int attempt) {
        if (attempt >= CALM_FROM_ATTEMPT) {
            return Fault.NONE;
        }
        int roll = random(jobId.hashCode() * 31L + attempt).nextInt(100);
        if (roll < 40) {
            return Fault.NONE;
        } else if (roll < 50) {
            return Fault.WORK_FAILS;
        } else if (roll < 64) {
            return Fault.CRASH_BEFORE_COMMIT;
        } else if (roll < 80) {
            return Fault.CRASH_AFTER_COMMIT;
        }
        // stalls wait for a takeover, which needs a free worker slot; only early attempts stall
        return attempt > 2 ? Fault.NONE : roll < 90 ? Fault.STALL_BEFORE_COMMIT : Fault.STALL_AT_START;
    }

    /** Whether the first relay of outbox row {@code id} dies after its add and before its commit. */
    boolean relayCrashesAfterAdd(UUID id) {
        return random(id.getMostSignificantBits() ^ id.getLeastSignificantBits()).nextInt(100) < 30;
    }

    private Random random(long salt) {
        return new Random(seed * 0x9E3779B97F4A7C15L ^ salt);
    }
}
