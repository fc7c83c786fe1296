--[[ The stalled check, at most once per stalledInterval across all workers (gated by `stalled-check`).
  Ids still in `stalled` (active at the previous check, lock never renewed) whose lock is gone leave active, get
  HINCRBY stc, and are RPUSHed to wait (next to run) with waiting{prev=active} and `stalled` events, as BullMQ's;
  over maxStalledCount a job gets `defa` so the next worker fails it, unless its job scheduler still exists. A job whose counters are corrupt (HINCRBY would raise halfway, after
  it left active) is failed with a reason instead (includes/failCorruptJob). Then every active id is SADDed to
  `stalled` for the next check.
  KEYS: 1 stalled, 2 wait, 3 active, 4 stalled-check, 5 meta, 6 paused, 7 marker, 8 events
  ARGV: 1 key prefix, 2 maxStalledCount, 3 now ms, 4 stalledInterval ms
  Returns: {{recovered ids}, {ids over the stall limit}, {ids failed as corrupt}} ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include jobKeys
--@include failCorruptJob

if rcall("SET", KEYS[4], ARGV[3], "PX", ARGV[4], "NX") == false then return {{}, {}, {}} end
local keyPrefix, maxStalled = ARGV[1], tonumber(ARGV[2])
local maxLen = maxEvents(KEYS[5])
local recovered, overLimit, corrupt = {}, {}, {}

-- as BullMQ: only a job of a scheduler that still exists is spared the deferred failure
local function ofLiveScheduler(jobKey)
  local schedulerId = rcall("HGET", jobKey, "rjk")
  if not schedulerId then return false end
  return rcall("EXISTS", keyPrefix .. "repeat:" .. schedulerId) == 1
    or rcall("ZSCORE", keyPrefix .. "repeat", schedulerId) ~= false
end

for _, jobId in ipairs(rcall("SMEMBERS", KEYS[1])) do
  local jobKey = keyPrefix .. jobId
  if rcall("EXISTS", jobKey .. ":lock") == 0 and rcall("LREM", KEYS[3], 1, jobId) > 0 then
    local corruptField, corruptValue = corruptCounter(jobKey)
    if corruptField then
      failCorruptJob(keyPrefix, jobId, corruptField, corruptValue, tonumber(ARGV[3]), KEYS[8], maxLen)
      corrupt[#corrupt + 1] = jobId
    elseif rcall("EXISTS", jobKey) == 1 then
      local stc = rcall("HINCRBY", jobKey, "stc", 1)
      if stc > maxStalled and not ofLiveScheduler(jobKey) then
        rcall("HSET", jobKey, "defa", "job stalled more than allowable limit")
        overLimit[#overLimit + 1] = jobId
      end
      addToReady(KEYS[2], nil, nil, KEYS[7], jobId, 0, true, not isPausedOrMaxed(KEYS[5], KEYS[3]))
      emitEvent(KEYS[8], maxLen, "event", "waiting", "jobId", jobId, "prev", "active")
      emitEvent(KEYS[8], maxLen, "event", "stalled", "jobId", jobId)
      recovered[#recovered + 1] = jobId
    end
  end
end
rcall("DEL", KEYS[1])
local active = rcall("LRANGE", KEYS[3], 0, -1)
if #active > 0 then
  for i = 1, #active, 5000 do
    rcall("SADD", KEYS[1], unpack(active, i, math.min(i + 4999, #active)))
  end
end
return {recovered, overLimit, corrupt}
