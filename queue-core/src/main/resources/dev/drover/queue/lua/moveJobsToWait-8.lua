--[[ Bulk move back to ready: retryJobs (failed or completed → wait) and promoteJobs (delayed → wait).
  Retried jobs lose finishedOn, processedOn and their result or failure reason.
  KEYS: 1 source (failed, completed or delayed), 2 wait, 3 paused, 4 meta, 5 prioritized, 6 pc, 7 marker, 8 events
  ARGV: 1 key prefix, 2 batch size, 3 cutoff ms (finished sets: only jobs finished at or before it), 4 source state
  Returns: 1 when more jobs remain (call again), else 0 ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady

local keyPrefix, batch, state = ARGV[1], tonumber(ARGV[2]), ARGV[4]
local maxScore = state == "delayed" and "+inf" or ARGV[3]
local ids = rcall("ZRANGEBYSCORE", KEYS[1], "-inf", maxScore, "LIMIT", 0, batch)
if #ids == 0 then return 0 end
local maxLen = maxEvents(KEYS[4])
local list = readyList(KEYS[4], KEYS[2], KEYS[3])
local wake = rcall("HEXISTS", KEYS[4], "paused") == 0
for _, id in ipairs(ids) do
  local jobKey = keyPrefix .. id
  rcall("ZREM", KEYS[1], id)
  if state == "failed" then
    rcall("HDEL", jobKey, "finishedOn", "processedOn", "failedReason")
  elseif state == "completed" then
    rcall("HDEL", jobKey, "finishedOn", "processedOn", "returnvalue")
  else
    rcall("HSET", jobKey, "delay", 0)
  end
  local priority = tonumber(rcall("HGET", jobKey, "priority")) or 0
  addToReady(list, KEYS[5], KEYS[6], KEYS[7], id, priority, false, wake)
  emitEvent(KEYS[8], maxLen, "event", "waiting", "jobId", id, "prev", state)
end
return #ids == batch and 1 or 0
