--[[ Removes one job and its keys (and the deduplication id it owns) from whatever state it is in, unless a worker
     holds its lock.
  KEYS: 1 job key, 2 wait, 3 paused, 4 active, 5 prioritized, 6 delayed, 7 completed, 8 failed,
        9 waiting-children, 10 stalled, 11 events, 12 meta
  ARGV: 1 job id
  Returns: 1 removed; -1 job missing; -4 job locked (being processed) ]]
local rcall = redis.call
--@include emitEvent
--@include jobKeys
--@include deduplication

local jobId, jobKey = ARGV[1], KEYS[1]
if rcall("EXISTS", jobKey) == 0 then return -1 end
if rcall("EXISTS", jobKey .. ":lock") == 1 then return -4 end
local prev = "unknown"
-- `prev` names the key the job left, as BullMQ's removed event does ("wait", not "waiting")
local lists = {{KEYS[2], "wait"}, {KEYS[3], "paused"}, {KEYS[4], "active"}}
for _, l in ipairs(lists) do
  if rcall("LREM", l[1], 0, jobId) > 0 then prev = l[2] end
end
local sets = {{KEYS[5], "prioritized"}, {KEYS[6], "delayed"}, {KEYS[7], "completed"}, {KEYS[8], "failed"},
  {KEYS[9], "waiting-children"}}
for _, z in ipairs(sets) do
  if rcall("ZREM", z[1], jobId) > 0 then prev = z[2] end
end
rcall("SREM", KEYS[10], jobId)
releaseDeduplication(string.sub(jobKey, 1, #jobKey - #jobId), jobKey, jobId, false)
removeJobKeys(jobKey)
emitEvent(KEYS[11], maxEvents(KEYS[12]), "event", "removed", "jobId", jobId, "prev", prev)
return 1
