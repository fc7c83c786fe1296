--[[ Moves an active job to delayed: a retry after a backoff delay, or the processor asking to run later.
  KEYS: 1 active, 2 delayed, 3 events, 4 stalled, 5 meta, 6 marker, 7 job key
  ARGV: 1 job id, 2 lock token, 3 now ms, 4 run-at timestamp ms, 5 count the attempt "1"/"0",
        6 failedReason or "", 7 stacktrace JSON array or ""
  Returns: 0; -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys

local jobId, jobKey = ARGV[1], KEYS[7]
local now, runAt = tonumber(ARGV[3]), tonumber(ARGV[4])
if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, ARGV[2])
if rc < 0 then return rc end
if rcall("LREM", KEYS[1], -1, jobId) == 0 then return -3 end
rcall("SREM", KEYS[4], jobId)
if ARGV[5] == "1" then rcall("HINCRBY", jobKey, "atm", 1) end
rcall("HSET", jobKey, "delay", math.max(runAt - now, 0))
if ARGV[6] ~= "" then rcall("HSET", jobKey, "failedReason", ARGV[6]) end
if ARGV[7] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[7]) end
rcall("ZADD", KEYS[2], delayedScore(KEYS[2], runAt), jobId)
emitEvent(KEYS[3], maxEvents(KEYS[5]), "event", "delayed", "jobId", jobId, "delay", runAt)
setDelayMarker(KEYS[6], KEYS[2])
return 0
