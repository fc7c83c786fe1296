--[[ Puts a failed attempt straight back to ready (no backoff delay): counts the attempt, records the reason.
  KEYS: 1 wait, 2 active, 3 prioritized, 4 events, 5 stalled, 6 meta, 7 paused, 8 pc, 9 marker, 10 job key
  ARGV: 1 job id, 2 lock token, 3 failedReason, 4 stacktrace JSON array or "", 5 lifo "1"/"0"
  Returns: 0; -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include jobKeys

local jobId, jobKey = ARGV[1], KEYS[10]
if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, ARGV[2])
if rc < 0 then return rc end
if rcall("LREM", KEYS[2], -1, jobId) == 0 then return -3 end
rcall("SREM", KEYS[5], jobId)
rcall("HINCRBY", jobKey, "atm", 1)
rcall("HSET", jobKey, "failedReason", ARGV[3])
if ARGV[4] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[4]) end
local priority = tonumber(rcall("HGET", jobKey, "priority")) or 0
addToReady(readyList(KEYS[6], KEYS[1], KEYS[7]), KEYS[3], KEYS[8], KEYS[9], jobId, priority, ARGV[5] == "1",
  not isPaused(KEYS[6]))
emitEvent(KEYS[4], maxEvents(KEYS[6]), "event", "waiting", "jobId", jobId, "prev", "failed")
return 0
