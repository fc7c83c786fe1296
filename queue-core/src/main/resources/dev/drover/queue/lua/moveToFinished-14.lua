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
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deduplication
--@include flowParent
--@include deleteJob
--@include finished
--@include failCorruptJob
--@include fetchNextJob

local k = workerKeys()
local keyPrefix, jobId, token, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local jobKey = KEYS[13]
local completed = ARGV[5] == "completed"
local fetchNext = ARGV[10] == "1"

-- the reply of this very call's earlier run, when it already ran; else `code`
local function repeatedOr(code)
  -- a lock token reused for the next job (BullMQ's manual processing) says nothing about an earlier run
  local fetched = fetchNext and ARGV[17] ~= token and fetchedUnder(k, keyPrefix, ARGV[17])
  if fetched then return fetchedReply(k, keyPrefix, fetched) end
  if tonumber(rcall("ZSCORE", KEYS[12], jobId)) == now and tonumber(rcall("HGET", jobKey, "finishedOn")) == now then
    return {"", {}, 0, 0}
  end
  return code
end

if rcall("EXISTS", jobKey) == 0 then return repeatedOr(-1) end
-- one EXISTS answers both refusal checks in the usual case (empty sets and zsets do not exist in Redis)
if completed and rcall("EXISTS", jobKey .. ":dependencies", jobKey .. ":unsuccessful") ~= 0 then
  if rcall("SCARD", jobKey .. ":dependencies") ~= 0 then return -4 end
  if rcall("ZCARD", jobKey .. ":unsuccessful") ~= 0 then return -9 end
end
local rc = checkAndReleaseLock(jobKey, token)
if rc < 0 then return repeatedOr(rc) end
if rcall("LREM", k.active, -1, jobId) == 0 then return -3 end
rcall("SREM", k.stalled, jobId)
local meta = readWorkerMeta(k.meta)
local maxLen = meta.maxLen

local fields = rcall("HMGET", jobKey, "ats", "atm", "stc", "deid", "parent", "parentKey")
local corruptField, corruptValue = corruptCounterIn(fields)
if corruptField then
  failCorruptJob(keyPrefix, jobId, corruptField, corruptValue, now, k.events, maxLen)
else
  releaseDedupOnFinish(keyPrefix, fields[4], jobId)
  updateParentOnFinish(jobKey, fields[5], fields[6], completed, ARGV[6], now)
  local keepCount = tonumber(ARGV[8])
  -- atm + 1 joins the finishing HSET (a job deleted at once needs only the number, for the event)
  local attemptsMade = incremented(fields[2])
  local update = {}
  if not attemptsMade then
    attemptsMade = rcall("HINCRBY", jobKey, "atm", 1)
  elseif keepCount ~= 0 then
    update = {"atm", attemptsMade}
  end
  if keepCount == 0 then
    removeJobKeys(jobKey)
    leaveParent(jobKey, fields[6], false, keyPrefix)
  else
    rcall("ZADD", KEYS[12], now, jobId)
    for _, v in ipairs({completed and "returnvalue" or "failedReason", ARGV[6], "finishedOn", now}) do
      update[#update + 1] = v
    end
    if not completed and ARGV[7] ~= "" then
      update[#update + 1] = "stacktrace"
      update[#update + 1] = ARGV[7]
    end
    rcall("HSET", jobKey, unpack(update))
    if not completed then rcall("HDEL", jobKey, "defa") end
    trimFinished(KEYS[12], keyPrefix, keepCount, tonumber(ARGV[9]), now, 1000)
  end
  if completed then
    emitEvent(k.events, maxLen, "event", "completed", "jobId", jobId, "returnvalue", ARGV[6], "prev", "active")
  else
    emitEvent(k.events, maxLen, "event", "failed", "jobId", jobId, "failedReason", ARGV[6], "prev", "active")
    if ARGV[16] == "1" then
      emitEvent(k.events, maxLen, "event", "retries-exhausted", "jobId", jobId, "attemptsMade", attemptsMade)
    end
  end
  if ARGV[15] ~= "0" then collectMetrics(KEYS[14], tonumber(ARGV[15]), now) end
end

local nextJob = {"", {}, 0, 0}
if fetchNext then
  nextJob = fetchNextJob(k, keyPrefix, ARGV[17], tonumber(ARGV[11]), now, ARGV[12], tonumber(ARGV[13]),
    tonumber(ARGV[14]), meta)
end
if (not fetchNext or nextJob.idle) and rcall("LLEN", k.wait) == 0 and rcall("LLEN", k.active) == 0
    and rcall("ZCARD", k.prioritized) == 0 then
  emitEvent(k.events, maxLen, "event", "drained")
end
return nextJob
