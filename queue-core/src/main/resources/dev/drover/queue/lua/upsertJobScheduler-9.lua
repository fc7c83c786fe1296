--[[ Creates or replaces a job scheduler and writes the job of its first slot. A still-delayed job of the previous
     settings is removed, so an upsert never leaves two pending slots.
  KEYS: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events
  ARGV: 1 key prefix, 2 scheduler id, 3 first slot ms, 4 scheduler hash fields as a JSON object of strings,
        5 job name, 6 job data JSON, 7 job opts JSON, 8 timestamp ms, 9 delay ms, 10 priority
  Returns: the first job's id ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include schedulerJob

local keyPrefix, schedulerId, millis = ARGV[1], ARGV[2], ARGV[3]
rcall("HSETNX", KEYS[5], "opts.maxLenEvents", 10000)
local prev = rcall("ZSCORE", KEYS[1], schedulerId)
if prev and prev ~= millis then removeDelayedSchedulerJob(keyPrefix, schedulerId, prev) end
local hashKey = keyPrefix .. "repeat:" .. schedulerId
rcall("DEL", hashKey)
for field, value in pairs(cjson.decode(ARGV[4])) do rcall("HSET", hashKey, field, value) end
rcall("HSET", hashKey, "ic", 1)
rcall("ZADD", KEYS[1], millis, schedulerId)
local jobId = "repeat:" .. schedulerId .. ":" .. millis
addSchedulerJob(keyPrefix, jobId, schedulerId, ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]),
  tonumber(ARGV[10]))
return jobId
