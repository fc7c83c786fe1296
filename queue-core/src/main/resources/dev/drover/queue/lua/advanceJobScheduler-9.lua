--[[ Run by the worker that activated a scheduler job: writes the job of the scheduler's next slot. Does nothing
     when the scheduler is gone, when another worker or an upsert already moved it past `prev`, or when its limit is
     reached.
  KEYS: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events
  ARGV: 1 key prefix, 2 scheduler id, 3 slot ms of the activated job, 4 next slot ms, 5 limit (0 none),
        6 job name, 7 job data JSON, 8 job opts JSON, 9 timestamp ms, 10 delay ms, 11 priority
  Returns: the next job's id, or "" when nothing was written ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include schedulerJob

local keyPrefix, schedulerId = ARGV[1], ARGV[2]
local hashKey = keyPrefix .. "repeat:" .. schedulerId
local current = rcall("ZSCORE", KEYS[1], schedulerId)
if not current or rcall("EXISTS", hashKey) == 0 then return "" end
if tonumber(current) ~= tonumber(ARGV[3]) then return "" end
local limit = tonumber(ARGV[5])
if limit > 0 and (tonumber(rcall("HGET", hashKey, "ic")) or 0) >= limit then return "" end
rcall("HINCRBY", hashKey, "ic", 1)
rcall("ZADD", KEYS[1], ARGV[4], schedulerId)
local jobId = "repeat:" .. schedulerId .. ":" .. ARGV[4]
addSchedulerJob(keyPrefix, jobId, schedulerId, ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10]),
  tonumber(ARGV[11]))
return jobId
