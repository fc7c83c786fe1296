--[[ Completes or fails an active job for good (releasing its deduplication id when it has no ttl and telling its
     flow parent, see includes/flowParent), then optionally fetches the next one in the same call.
  KEYS: 1-11 the worker keys (see moveToActive-11), 12 target set (completed or failed), 13 job key,
        14 metrics key (metrics:completed or metrics:failed)
  ARGV: 1 key prefix, 2 job id, 3 lock token, 4 now ms, 5 "completed" | "failed",
        6 returnvalue JSON (completed) or failedReason (failed), 7 stacktrace JSON array or "",
        8 keep count (-1 keep all, 0 delete now), 9 keep age s (0 none), 10 fetch next "1"/"0",
        11 lockDuration ms, 12 worker name, 13 limiter max, 14 limiter duration ms,
        15 metrics max data points (0 metrics off), 16 retries exhausted "1"/"0",
        17 lock token for the next job
  Returns: {nextJobId or "", {next job fields}, rateLimitTtl, nextDelayTimestamp};
           -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include finished
--@include deduplication
--@include flowParent
--@include fetchNextJob

local k = workerKeys()
local keyPrefix, jobId, token, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local jobKey = KEYS[13]
if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, token)
if rc < 0 then return rc end
if rcall("LREM", k.active, -1, jobId) == 0 then return -3 end
rcall("SREM", k.stalled, jobId)
local meta = readWorkerMeta(k.meta)
local maxLen = meta.maxLen
local attemptsMade = rcall("HINCRBY", jobKey, "atm", 1)
local completed = ARGV[5] == "completed"

-- before the job's keys may be deleted below: one read of the fields both need
local links = rcall("HMGET", jobKey, "deid", "parent", "parentKey")
releaseDeduplicationOf(keyPrefix, links[1], jobId, true)
updateParentOnFinish(jobKey, links[2], links[3], completed, ARGV[6], now)

local keepCount = tonumber(ARGV[8])
if keepCount == 0 then
  removeJobKeys(jobKey)
else
  rcall("ZADD", KEYS[12], now, jobId)
  if completed then
    rcall("HSET", jobKey, "returnvalue", ARGV[6], "finishedOn", now)
  else
    rcall("HSET", jobKey, "failedReason", ARGV[6], "finishedOn", now)
    if ARGV[7] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[7]) end
  end
  trimFinished(KEYS[12], keyPrefix, keepCount, tonumber(ARGV[9]), now, 1000)
end
-- after the parent moved on (its events come first, as BullMQ's, when it lives in this queue)
if completed then
  emitEvent(k.events, maxLen, "event", "completed", "jobId", jobId, "returnvalue", ARGV[6], "prev", "active")
else
  emitEvent(k.events, maxLen, "event", "failed", "jobId", jobId, "failedReason", ARGV[6], "prev", "active")
  if ARGV[16] == "1" then
    emitEvent(k.events, maxLen, "event", "retries-exhausted", "jobId", jobId, "attemptsMade", attemptsMade)
  end
end
if ARGV[15] ~= "0" then collectMetrics(KEYS[14], tonumber(ARGV[15]), now) end

if ARGV[10] ~= "1" then return {"", {}, 0, 0} end
local nextJob = fetchNextJob(k, keyPrefix, ARGV[17],
  tonumber(ARGV[11]), now, ARGV[12], tonumber(ARGV[13]), tonumber(ARGV[14]), meta)
-- the fetch already knows when it found wait and prioritized empty; ask Redis only when it stopped before looking
local drained = nextJob.empty
if drained == nil and nextJob[1] == "" and nextJob[3] == 0 then
  drained = rcall("LLEN", k.wait) == 0 and rcall("ZCARD", k.prioritized) == 0
end
if drained then
  emitEvent(k.events, maxLen, "event", "drained")
end
return nextJob
