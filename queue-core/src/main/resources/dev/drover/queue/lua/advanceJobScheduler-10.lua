--[[ Run by the worker that activated a scheduler's job: writes the job of the scheduler's next slot, as BullMQ's
     worker does. Only the job of the scheduler's current slot advances it (a job of an older slot, or of a removed
     scheduler, does nothing); when the next slot's job exists already, a `duplicated` event says so.
  KEYS: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events, 10 id
  ARGV: 1 key prefix, 2 scheduler id, 3 id of the activated job, 4 next slot ms of a cron scheduler ("" for every),
        5 the next job's opts JSON (without jobId and delay), 6 now ms
  Returns: the next job's id, or "" when nothing was written ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deleteJob
--@include schedulerJob

local keyPrefix, schedulerId, now = ARGV[1], ARGV[2], tonumber(ARGV[6])
local prevMillis = tonumber(rcall("ZSCORE", KEYS[1], schedulerId))
if not prevMillis then return "" end
local schedulerKey = keyPrefix .. "repeat:" .. schedulerId
local stored = rcall("HMGET", schedulerKey, "name", "data", "every", "startDate", "offset")
local opts = cjson.decode(ARGV[5])
local repeatOpts = type(opts["repeat"]) == "table" and opts["repeat"] or {}
local every = tonumber(stored[3]) or tonumber(repeatOpts["every"])
local nextMillis = tonumber(ARGV[4])
if every then
  local offset = tonumber(stored[5]) or tonumber(repeatOpts["offset"]) or 0
  nextMillis = everyNextMillis(prevMillis, every, now, offset, stored[4])
end
if ARGV[3] ~= "repeat:" .. schedulerId .. ":" .. prevMillis then return "" end

local jobId = "repeat:" .. schedulerId .. ":" .. nextMillis
if rcall("EXISTS", keyPrefix .. jobId) == 1 then
  emitEvent(KEYS[9], maxEvents(KEYS[5]), "event", "duplicated", "jobId", jobId)
  return ""
end
rcall("ZADD", KEYS[1], nextMillis, schedulerId)
rcall("HINCRBY", schedulerKey, "ic", 1)
rcall("INCR", KEYS[10])
addSchedulerJob(keyPrefix, jobId, schedulerId, stored[1], stored[2] or "{}", opts, now,
  math.max(nextMillis - now, 0))
return jobId
