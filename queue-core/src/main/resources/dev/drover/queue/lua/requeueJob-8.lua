--[[ Moves one job from a finished or delayed set back to ready: retry of one failed/completed job (BullMQ's
  reprocessJob), or promotion of one delayed job (BullMQ's promote). A retried job loses finishedOn, processedOn,
  its result or failure reason and any deferred failure (`defa`), and a retried flow child rejoins its parent's
  pending dependencies (includes/requeue); priority 0 joins the ready list (LPUSH, lifo RPUSH), any other priority
  the prioritized set. A promoted job's delay becomes 0.
  KEYS: 1 source set (failed, completed or delayed), 2 wait, 3 paused, 4 meta, 5 prioritized, 6 pc, 7 marker,
        8 events
  ARGV: 1 key prefix, 2 job id, 3 source state ("failed" | "completed" | "delayed"), 4 lifo "1"/"0"
  Returns: 0; -1 job missing; -3 job not in the source state ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include jobKeys
--@include requeue

local jobId, state = ARGV[2], ARGV[3]
local jobKey = ARGV[1] .. jobId
if rcall("EXISTS", jobKey) == 0 then return -1 end
if rcall("ZREM", KEYS[1], jobId) == 0 then return -3 end
local priority = numberOf(rcall("HGET", jobKey, "priority")) or 0
if state == "delayed" then
  addToReady(readyList(KEYS[4], KEYS[2], KEYS[3]), KEYS[5], KEYS[6], KEYS[7], jobId, priority, false,
    not isPaused(KEYS[4]))
  rcall("HSET", jobKey, "delay", 0)
else
  forgetOutcome(jobKey, state)
  addToReady(readyList(KEYS[4], KEYS[2], KEYS[3]), KEYS[5], KEYS[6], KEYS[7], jobId, priority, ARGV[4] == "1",
    not isPaused(KEYS[4]))
  rejoinParent(jobKey, state)
end
emitEvent(KEYS[8], maxEvents(KEYS[4]), "event", "waiting", "jobId", jobId, "prev", state)
return 0
