--[[ Changes the delay of a delayed job: it will run `delay` ms after now (not after its creation), scored
  (now+delay)*4096+n like any delayed job. The hash's `delay` becomes the new delay; opts keep the original.
  Emits delayed{delay = run-at ms} and moves the "1" marker to the earliest delayed job.
  KEYS: 1 job key, 2 delayed, 3 meta, 4 marker, 5 events
  ARGV: 1 job id, 2 delay ms (>= 0), 3 now ms
  Returns: 0; -1 job missing; -3 job not delayed ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed

local jobId, delay = ARGV[1], tonumber(ARGV[2])
if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
local runAt = tonumber(ARGV[3]) + delay
-- scored before the job leaves its old place, as BullMQ does: within the same ms it takes the next slot
local score = delayedScore(KEYS[2], runAt)
if rcall("ZREM", KEYS[2], jobId) == 0 then return -3 end
rcall("ZADD", KEYS[2], score, jobId)
rcall("HSET", KEYS[1], "delay", delay)
emitEvent(KEYS[5], maxEvents(KEYS[3]), "event", "delayed", "jobId", jobId, "delay", runAt)
setDelayMarker(KEYS[4], KEYS[2])
return 0
