--[[ Creates or replaces a job scheduler and writes the job of its next slot, as BullMQ's upsert: a job of the
     previous settings still waiting to run is deleted, and an `every` scheduler whose interval did not change then
     keeps that job's slot; the iteration count (ic) and a stored offset survive. A slot whose job id exists moves on
     by `every` (at most 32 times); a cron slot whose job exists (and was not just deleted) is refused.
  KEYS: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events, 10 id
  ARGV: 1 key prefix, 2 scheduler id, 3 next slot ms of a cron scheduler ("" for every), 4 every ms (0 for cron),
        5 startDate ms or "", 6 scheduler fields as a JSON object (name, tz, limit, pattern, startDate, endDate,
        every), 7 template opts JSON, 8 template data JSON, 9 the job's opts JSON (without jobId and delay),
        10 now ms
  Returns: the job id; -10 the cron slot's job id is taken, -11 every slot tried is taken ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deleteJob
--@include schedulerJob

local keyPrefix, schedulerId, every, now = ARGV[1], ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[10])
local schedulerKey = keyPrefix .. "repeat:" .. schedulerId
local prevMillis = tonumber(rcall("ZSCORE", KEYS[1], schedulerId))
local nextMillis = tonumber(ARGV[3])
local newOffset = 0
local changedEvery = false
if every > 0 then
  local millis = prevMillis
  if prevMillis and tonumber(rcall("HGET", schedulerKey, "every")) ~= every then
    millis = nil
    changedEvery = true
  end
  nextMillis, newOffset = everyNextMillis(millis, every, now, 0, ARGV[5] ~= "" and ARGV[5] or nil)
end

local removedPrev = prevMillis and removePendingSchedulerJob(keyPrefix, "repeat:" .. schedulerId .. ":" .. prevMillis)
local offset -- nil keeps the stored offset
if removedPrev then
  if every > 0 and not changedEvery then nextMillis = prevMillis end
else
  offset = newOffset
end

local jobId = "repeat:" .. schedulerId .. ":" .. nextMillis
if rcall("EXISTS", keyPrefix .. jobId) == 1 then
  if every > 0 then
    local tries = 0
    repeat
      nextMillis = nextMillis + every
      jobId = "repeat:" .. schedulerId .. ":" .. nextMillis
      tries = tries + 1
    until rcall("EXISTS", keyPrefix .. jobId) == 0 or tries >= 32
    if rcall("EXISTS", keyPrefix .. jobId) == 1 then return -11 end
  elseif not removedPrev then
    return -10
  end
end

local fields = cjson.decode(ARGV[6])
local stored = rcall("HMGET", schedulerKey, "ic", "offset")
offset = offset or tonumber(stored[2])
rcall("ZADD", KEYS[1], nextMillis, schedulerId)
rcall("DEL", schedulerKey)
for field, value in pairs(fields) do rcall("HSET", schedulerKey, field, value) end
if offset then rcall("HSET", schedulerKey, "offset", offset) end
if ARGV[7] ~= "{}" then rcall("HSET", schedulerKey, "opts", ARGV[7]) end
if ARGV[8] ~= "{}" then rcall("HSET", schedulerKey, "data", ARGV[8]) end
rcall("HSET", schedulerKey, "ic", stored[1] or 1)
rcall("INCR", KEYS[10])
addSchedulerJob(keyPrefix, jobId, schedulerId, fields["name"], ARGV[8], cjson.decode(ARGV[9]), now,
  math.max(nextMillis - now, 0))
return jobId
