--[[ Completes or fails an active job for good, then optionally fetches the next one in the same call.
     Completing is refused while the job has pending children (:dependencies) or failed ones (:unsuccessful),
     checked first as BullMQ does, so a refused job keeps its lock and stays active. Then: lock released, out of
     active and stalled; its deduplication id without ttl released; its flow parent told (includes/flowParent);
     atm counted; then either scored now in the target set with returnvalue or failedReason (+ stacktrace) and
     finishedOn, failing drops `defa` (a one-shot), and keepJobs applied (includes/finished); or, keep count 0,
     deleted at once, a child leaving its parent's dependencies (includes/deleteJob). Then `completed`/`failed`
     (+ `retries-exhausted`), metrics, the fetch, and `drained` when no job was fetched, none is delayed, and wait,
     active and prioritized are all empty (BullMQ's rule). A job whose counters are corrupt is failed with a reason
     instead, whatever the worker reported (includes/failCorruptJob).
     Lost replies: the worker repeats this call when its reply is lost to a connection failure. A repeat finds the
     job finished already; instead of reporting the lock missing it answers as the first run did: the job that run
     fetched is found by the next-job lock token (tokens are never reused) and handed back, and without one a
     finish is recognised by what it left (target set score and finishedOn equal to this call's `now`).
  KEYS: 1-11 the worker keys (see moveToActive-11), 12 target set (completed or failed), 13 job key,
        14 metrics key (metrics:completed or metrics:failed)
  ARGV: 1 key prefix, 2 job id, 3 lock token, 4 now ms, 5 "completed" | "failed",
        6 returnvalue JSON (completed) or failedReason (failed), 7 stacktrace JSON array or "",
        8 keep count (-1 keep all, 0 delete now), 9 keep age s (0 none), 10 fetch next "1"/"0",
        11 lockDuration ms, 12 worker name, 13 limiter max, 14 limiter duration ms,
        15 metrics max data points (0 metrics off), 16 retries exhausted "1"/"0",
        17 lock token for the next job
  Returns: {nextJobId or "", {next job fields}, rateLimitTtl, nextDelayTimestamp[, moreReady 1/0]};
           -1 job missing, -2 lock missing, -3 job not active, -4 job has pending children,
           -6 lock held by another token, -9 job has failed children ]]
local rcall = redis.call
--@include finishJob

return finishJob(workerKeys(), {KEYS[12], KEYS[13], KEYS[14]}, ARGV, nil)
