--[[ Job schedulers. addSchedulerJob writes the job of one slot, id repeat:<schedulerId>:<millis>, unless that id
     exists (the guard that makes every slot run once however many workers or upserts race), delayed until its slot
     or ready when due. KEYS order of the scheduler scripts: 1 repeat, 2 delayed, 3 wait, 4 paused, 5 meta,
     6 prioritized, 7 pc, 8 marker, 9 events. ]]
local function addSchedulerJob(keyPrefix, jobId, schedulerId, name, data, opts, timestamp, delay, priority)
  local jobKey = keyPrefix .. jobId
  if rcall("EXISTS", jobKey) == 1 then return false end
  local maxLen = maxEvents(KEYS[5])
  rcall("HSET", jobKey, "name", name, "data", data, "opts", opts, "timestamp", timestamp, "delay", delay,
    "priority", priority, "rjk", schedulerId)
  emitEvent(KEYS[9], maxLen, "event", "added", "jobId", jobId, "name", name)
  if delay > 0 then
    local runAt = timestamp + delay
    rcall("ZADD", KEYS[2], delayedScore(KEYS[2], runAt), jobId)
    emitEvent(KEYS[9], maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
    setDelayMarker(KEYS[8], KEYS[2])
  else
    addToReady(readyList(KEYS[5], KEYS[3], KEYS[4]), KEYS[6], KEYS[7], KEYS[8], jobId, priority, false,
      not isPaused(KEYS[5]))
    emitEvent(KEYS[9], maxLen, "event", "waiting", "jobId", jobId)
  end
  return true
end

local function removeDelayedSchedulerJob(keyPrefix, schedulerId, millis)
  local jobId = "repeat:" .. schedulerId .. ":" .. millis
  if rcall("ZREM", KEYS[2], jobId) == 1 then
    removeJobKeys(keyPrefix .. jobId)
    emitEvent(KEYS[9], maxEvents(KEYS[5]), "event", "removed", "jobId", jobId, "prev", "delayed")
  end
end
