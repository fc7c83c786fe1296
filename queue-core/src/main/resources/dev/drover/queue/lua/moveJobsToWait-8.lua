--[[ Bulk move back to wait, one batch per call: retryJobs (failed or completed) and promoteJobs (delayed), as
  BullMQ's moveJobsToWait: the oldest `batch` jobs scored 0..cutoff are LPUSHed onto the ready list whatever their
  priority, with waiting{prev=state} each. Retried jobs lose finishedOn, processedOn, their result or failure
  reason and any deferred failure (`defa`), and retried flow children rejoin their parents' pending dependencies
  (includes/requeue); promoted jobs keep their hash as it is.
  KEYS: 1 source (failed, completed or delayed), 2 wait, 3 paused, 4 meta, 5 prioritized, 6 pc, 7 marker, 8 events
  ARGV: 1 key prefix, 2 batch size, 3 cutoff ms (finished sets: only jobs finished at or before it), 4 source state
  Returns: 1 when a full batch moved (call again), else 0 ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include requeue

local keyPrefix, batch, state = ARGV[1], tonumber(ARGV[2]), ARGV[4]
local maxScore = state == "delayed" and "+inf" or ARGV[3]
local ids = rcall("ZRANGEBYSCORE", KEYS[1], 0, maxScore, "LIMIT", 0, batch)
if #ids == 0 then return 0 end
local maxLen = maxEvents(KEYS[4])
if state ~= "delayed" then
  for _, id in ipairs(ids) do
    forgetOutcome(keyPrefix .. id, state)
    rejoinParent(keyPrefix .. id, state)
  end
end
for _, id in ipairs(ids) do
  emitEvent(KEYS[8], maxLen, "event", "waiting", "jobId", id, "prev", state)
end
rcall("ZREM", KEYS[1], unpack(ids))
rcall("LPUSH", readyList(KEYS[4], KEYS[2], KEYS[3]), unpack(ids))
if not isPausedOrMaxed(KEYS[4], keyPrefix .. "active") then rcall("ZADD", KEYS[7], 0, "0") end
return #ids == batch and 1 or 0
