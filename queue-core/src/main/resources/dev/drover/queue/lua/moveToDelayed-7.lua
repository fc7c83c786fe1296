--[[ Moves an active job to delayed: a retry after a backoff delay, or the processor asking to run later.
  A job whose counters are corrupt is failed with a reason instead (includes/failCorruptJob).
  A repeat of this very call after a lost reply (the worker retries on a connection failure) finds the job already
  delayed until run-at with the delay this call set, and answers 0 again instead of "lock missing".
  KEYS: 1 active, 2 delayed, 3 events, 4 stalled, 5 meta, 6 marker, 7 job key
  ARGV: 1 job id, 2 lock token, 3 now ms, 4 run-at timestamp ms, 5 count the attempt "1"/"0",
        6 failedReason or "", 7 stacktrace JSON array or "", 8 key prefix
  Returns: 0; -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include failCorruptJob

local jobId, jobKey = ARGV[1], KEYS[7]
local now, runAt = tonumber(ARGV[3]), tonumber(ARGV[4])
local delay = math.max(runAt - now, 0)

local function repeatedOr(code)
  local score = tonumber(rcall("ZSCORE", KEYS[2], jobId))
  if score and math.floor(score / 4096) == runAt and tonumber(rcall("HGET", jobKey, "delay")) == delay then
    return 0
  end
  return code
end

if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, ARGV[2])
if rc < 0 then return repeatedOr(rc) end
if rcall("LREM", KEYS[1], -1, jobId) == 0 then return -3 end
rcall("SREM", KEYS[4], jobId)
local maxLen = maxEvents(KEYS[5])
local corruptField, corruptValue = corruptCounter(jobKey)
if corruptField then
  failCorruptJob(ARGV[8], jobId, corruptField, corruptValue, now, KEYS[3], maxLen)
  return 0
end
if ARGV[5] == "1" then rcall("HINCRBY", jobKey, "atm", 1) end
rcall("HSET", jobKey, "delay", delay)
if ARGV[6] ~= "" then rcall("HSET", jobKey, "failedReason", ARGV[6]) end
if ARGV[7] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[7]) end
rcall("ZADD", KEYS[2], delayedScore(KEYS[2], runAt), jobId)
emitEvent(KEYS[3], maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
setDelayMarker(KEYS[6], KEYS[2])
return 0
