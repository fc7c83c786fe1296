--[[ Removes a job scheduler and the still-delayed job of its next slot (a job already waiting or running stays).
  KEYS: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events
  ARGV: 1 key prefix, 2 scheduler id
  Returns: 1 removed, 0 no such scheduler ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deleteJob
--@include schedulerJob

local keyPrefix, schedulerId = ARGV[1], ARGV[2]
local millis = rcall("ZSCORE", KEYS[1], schedulerId)
local existed = rcall("DEL", keyPrefix .. "repeat:" .. schedulerId)
if millis then
  rcall("ZREM", KEYS[1], schedulerId)
  removeDelayedSchedulerJob(keyPrefix, schedulerId, millis)
  return 1
end
return existed
