--[[ Puts a failed attempt straight back to ready (no backoff delay): counts the attempt, records the reason. As
  BullMQ's retryJob it first promotes the delayed jobs that are due (whatever becomes of the retry), and the job
  rejoins ready per its priority and lifo, with waiting{prev=active}.
  A job whose counters are corrupt is failed with a reason instead (includes/failCorruptJob).
  A repeat of this very call after a lost reply (the worker retries on a connection failure) finds the job no
  longer active, unlocked, ready again and holding this call's failedReason, and answers 0 again instead of
  "lock missing".
  KEYS: 1-11 the worker keys (see moveToActive-11), 12 job key
  ARGV: 1 job id, 2 lock token, 3 failedReason, 4 stacktrace JSON array or "", 5 lifo "1"/"0", 6 key prefix,
        7 now ms
  Returns: 0; -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include failCorruptJob
--@include fetchNextJob

local k = workerKeys()
local jobId, jobKey = ARGV[1], KEYS[12]

-- ready again: prioritized, or among the ids nearest either end of wait/paused (where a retry puts it)
local function isReady()
  if rcall("ZSCORE", k.prioritized, jobId) then return true end
  for _, list in ipairs({k.wait, k.paused}) do
    if rcall("LPOS", list, jobId, "MAXLEN", 1000) or rcall("LPOS", list, jobId, "RANK", -1, "MAXLEN", 1000) then
      return true
    end
  end
  return false
end

local function repeatedOr(code)
  if code == -2 and rcall("HGET", jobKey, "failedReason") == ARGV[3] and isReady() then return 0 end
  return code
end

local meta = readWorkerMeta(k.meta)
promoteDueJobs(k, ARGV[6], tonumber(ARGV[7]), meta)
if rcall("EXISTS", jobKey) == 0 then return -1 end
local rc = checkAndReleaseLock(jobKey, ARGV[2])
if rc < 0 then return repeatedOr(rc) end
if rcall("LREM", k.active, -1, jobId) == 0 then return -3 end
rcall("SREM", k.stalled, jobId)
local maxLen = meta.maxLen
local corruptField, corruptValue = corruptCounter(jobKey)
if corruptField then
  failCorruptJob(ARGV[6], jobId, corruptField, corruptValue, tonumber(ARGV[7]), k.events, maxLen)
  return 0
end
rcall("HINCRBY", jobKey, "atm", 1)
rcall("HSET", jobKey, "failedReason", ARGV[3])
if ARGV[4] ~= "" then rcall("HSET", jobKey, "stacktrace", ARGV[4]) end
local priority = numberOf(rcall("HGET", jobKey, "priority")) or 0
addToReady(readyListWhen(meta.paused, k.wait, k.paused), k.prioritized, k.pc, k.marker, jobId, priority,
  ARGV[5] == "1", not isPausedOrMaxed(k.meta, k.active))
emitEvent(k.events, maxLen, "event", "waiting", "jobId", jobId, "prev", "active")
return 0
