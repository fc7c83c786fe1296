--[[ Moves an active job to delayed: a retry after a backoff delay, or the processor asking to run later. As
  BullMQ's moveToDelayed, a retry may fetch the next job in the same call; the delay marker is moved only when no job
  was fetched.
  A job whose counters are corrupt is failed with a reason instead (includes/failCorruptJob).
  A repeat of this very call after a lost reply (the worker retries on a connection failure) finds the job already
  delayed until run-at with the delay this call set (and hands back the job it fetched, found by the next-job lock
  token), and answers as the first run did instead of "lock missing".
  KEYS: 1-11 the worker keys (see moveToActive-11), 12 job key
  ARGV: 1 job id, 2 lock token, 3 now ms, 4 run-at timestamp ms, 5 count the attempt "1"/"0",
        6 failedReason or "", 7 stacktrace JSON array or "", 8 key prefix, 9 fetch next "1"/"0",
        10 lockDuration ms, 11 worker name, 12 limiter max, 13 limiter duration ms, 14 lock token for the next job
  Returns: 0, or with a job fetched {nextJobId, {next job fields}, rateLimitTtl, nextDelayTimestamp, moreReady};
           -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include failCorruptJob
--@include fetchNextJob

local k = workerKeys()
local jobId, jobKey, keyPrefix = ARGV[1], KEYS[12], ARGV[8]
-- a lock token reused for the next job (BullMQ's manual processing) says nothing about an earlier run
local findFetched = ARGV[9] == "1" and ARGV[14] ~= ARGV[2]
local now, runAt = tonumber(ARGV[3]), tonumber(ARGV[4])
local delay = math.max(runAt - now, 0)

local function repeatedOr(code)
  local fetched = findFetched and fetchedUnder(k, keyPrefix, ARGV[14])
  if fetched then return fetchedReply(k, keyPrefix, fetched) end
  local score = tonumber(rcall("ZSCORE", k.delayed, jobId))
  if score and math.floor(score / 4096) == runAt and tonumber(rcall("HGET", jobKey, "delay")) == delay then
    return 0
  end
  return code
end

if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, ARGV[2])
if rc < 0 then return repeatedOr(rc) end
if rcall("LREM", k.active, -1, jobId) == 0 then return -3 end
rcall("SREM", k.stalled, jobId)
local meta = readWorkerMeta(k.meta)
local maxLen = meta.maxLen
local corruptField, corruptValue = corruptCounter(jobKey)
if corruptField then
  failCorruptJob(keyPrefix, jobId, corruptField, corruptValue, now, k.events, maxLen)
  return 0
end
if ARGV[5] == "1" then rcall("HINCRBY", jobKey, "atm", 1) end
rcall("HSET", jobKey, "delay", delay)
if ARGV[6] ~= "" then rcall("HSET", jobKey, "failedReason", ARGV[6]) end
if ARGV[7] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[7]) end
rcall("ZADD", k.delayed, delayedScore(k.delayed, runAt), jobId)
emitEvent(k.events, maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
if ARGV[9] == "1" then
  local nextJob = fetchNextJob(k, keyPrefix, ARGV[14], tonumber(ARGV[10]), now, ARGV[11], tonumber(ARGV[12]),
    tonumber(ARGV[13]), meta)
  if nextJob[1] ~= "" then return nextJob end
end
setDelayMarker(k.marker, k.delayed)
return 0
