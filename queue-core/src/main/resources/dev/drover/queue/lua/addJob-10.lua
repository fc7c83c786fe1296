--[[ Adds one job (plain, delayed, prioritized or lifo).
  KEYS: 1 wait, 2 paused, 3 meta, 4 id, 5 delayed, 6 prioritized, 7 pc, 8 marker, 9 events
  ARGV: 1 key prefix "P:Q:", 2 custom job id or "", 3 name, 4 data JSON, 5 opts JSON, 6 timestamp ms,
        7 delay ms, 8 priority, 9 lifo "1"/"0"
  Returns: the job id; an existing custom id is returned unchanged (idempotent add, `duplicated` event). ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed

local keyPrefix, customId, name, data, opts = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local timestamp, delay, priority = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
rcall("HSETNX", KEYS[3], "opts.maxLenEvents", 10000)
local maxLen = maxEvents(KEYS[3])

local jobId = customId
if jobId == "" then
  jobId = tostring(rcall("INCR", KEYS[4]))
elseif rcall("EXISTS", keyPrefix .. jobId) == 1 then
  emitEvent(KEYS[9], maxLen, "event", "duplicated", "jobId", jobId)
  return jobId
end

local jobKey = keyPrefix .. jobId
rcall("HSET", jobKey, "name", name, "data", data, "opts", opts, "timestamp", timestamp,
  "delay", delay, "priority", priority)
emitEvent(KEYS[9], maxLen, "event", "added", "jobId", jobId, "name", name)

if delay > 0 then
  local runAt = timestamp + delay
  rcall("ZADD", KEYS[5], delayedScore(KEYS[5], runAt), jobId)
  emitEvent(KEYS[9], maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
  if not isPaused(KEYS[3]) then setDelayMarker(KEYS[8], KEYS[5]) end
else
  local list = readyList(KEYS[3], KEYS[1], KEYS[2])
  addToReady(list, KEYS[6], KEYS[7], KEYS[8], jobId, priority, ARGV[9] == "1", not isPaused(KEYS[3]))
  emitEvent(KEYS[9], maxLen, "event", "waiting", "jobId", jobId)
end
return jobId
