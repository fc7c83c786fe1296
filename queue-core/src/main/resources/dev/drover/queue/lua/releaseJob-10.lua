--[[ Gives an active job back without counting an attempt: on graceful close past the deadline, or when the
  processor reports a rate limit (then the limiter key is also set: workers with a limiter wait `rateLimitMs`).
  As BullMQ's moveJobFromActiveToWait: the lock must be ours; the id is RPUSHed to wait so it runs next, a priority
  job rejoins prioritized first of its priority.
  A repeat of this very call after a lost reply (the worker retries on a connection failure) finds the job no longer
  active, unlocked and ready again, and answers 0 again instead of "not active".
  KEYS: 1 active, 2 wait, 3 stalled, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events, 10 limiter
  ARGV: 1 key prefix, 2 job id, 3 lock token, 4 rateLimitMs (0 none)
  Returns: 0; -1 job missing, -2 lock missing, -3 job not active, -6 lock held by another token ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include jobKeys

local jobId = ARGV[2]
local jobKey = ARGV[1] .. jobId

local function repeatedOr(code)
  if rcall("EXISTS", jobKey .. ":lock") == 1 then return code end
  if rcall("ZSCORE", KEYS[6], jobId) then return 0 end
  for _, list in ipairs({KEYS[2], KEYS[4]}) do
    if rcall("LPOS", list, jobId, "RANK", -1, "MAXLEN", 1000) then return 0 end
  end
  return code
end

if rcall("EXISTS", jobKey) == 0 then return -1 end
-- the lock must still be ours, as in BullMQ's moveJobFromActiveToWait
local rc = checkLock(jobKey, ARGV[3])
if rc < 0 then return repeatedOr(rc) end
if rcall("LREM", KEYS[1], -1, jobId) == 0 then return repeatedOr(-3) end
if ARGV[3] ~= "0" then rcall("DEL", jobKey .. ":lock") end
rcall("SREM", KEYS[3], jobId)
local priority = numberOf(rcall("HGET", jobKey, "priority")) or 0
if priority > 0 then
  -- first of its priority, no counter and no marker (BullMQ's pushBackJobWithPriority)
  rcall("ZADD", KEYS[6], priority * 4294967296, jobId)
else
  addToReady(KEYS[2], KEYS[6], KEYS[7], KEYS[8], jobId, 0, true, not isPausedOrMaxed(KEYS[5], KEYS[1]))
end
local rateLimitMs = tonumber(ARGV[4])
if rateLimitMs > 0 then rcall("SET", KEYS[10], 9007199254740991, "PX", rateLimitMs) end
emitEvent(KEYS[9], maxEvents(KEYS[5]), "event", "waiting", "jobId", jobId, "prev", "active")
return 0
