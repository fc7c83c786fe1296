--[[ Moves one job from a finished or delayed set back to ready: retry of one failed/completed job, or promotion of
  one delayed job. A retried job loses finishedOn, processedOn and its result or failure reason.
  KEYS: 1 source set (failed, completed or delayed), 2 wait, 3 paused, 4 meta, 5 prioritized, 6 pc, 7 marker,
        8 events
  ARGV: 1 key prefix, 2 job id, 3 source state ("failed" | "completed" | "delayed")
  Returns: 0; -1 job missing; -3 job not in the source state ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady

local jobId, state = ARGV[2], ARGV[3]
local jobKey = ARGV[1] .. jobId
if rcall("EXISTS", jobKey) == 0 then return -1 end
if rcall("ZREM", KEYS[1], jobId) == 0 then return -3 end
if state == "delayed" then
  rcall("HSET", jobKey, "delay", 0)
else
  rcall("HDEL", jobKey, "finishedOn", "processedOn", "failedReason", "returnvalue")
end
local priority = tonumber(rcall("HGET", jobKey, "priority")) or 0
addToReady(readyList(KEYS[4], KEYS[2], KEYS[3]), KEYS[5], KEYS[6], KEYS[7], jobId, priority, false,
  not isPaused(KEYS[4]))
emitEvent(KEYS[8], maxEvents(KEYS[4]), "event", "waiting", "jobId", jobId, "prev", state)
return 0
