--[[ Job schedulers, laid out and advanced as BullMQ's. KEYS order of the scheduler scripts: 1 repeat, 2 delayed,
     3 wait, 4 paused, 5 meta, 6 prioritized, 7 pc, 8 marker, 9 events, 10 id.
     everyNextMillis: the next slot of an `every` scheduler. A new one (no previous slot) starts at startDate or now,
     or on the next slot of its offset; afterwards a slot follows the previous one by `every`, and when that is
     already past (the fleet was down) it resumes on the grid of the offset, after now. Also returns the offset (the
     slot's position within its interval) when none was set.
     addSchedulerJob: stores the job of one slot (id repeat:<schedulerId>:<millis>, opts with that id and its delay,
     rjk) and enqueues it: delayed until its slot, else ready. removePendingSchedulerJob deletes a slot's job still
     waiting to run (delayed, prioritized or ready) through includes/deleteJob, without an event, as BullMQ's upsert
     does. removeDelayedSchedulerJob deletes a slot's still-delayed job with a `removed` event. ]]
local function everyNextMillis(prevMillis, every, now, offset, startDate)
  local nextMillis
  if not prevMillis then
    if startDate then
      nextMillis = math.max(tonumber(startDate), now)
    elseif offset > 0 then
      nextMillis = math.floor(now / every) * every + offset
      if nextMillis <= now then nextMillis = nextMillis + every end
    else
      nextMillis = now
    end
  else
    nextMillis = prevMillis + every
    if nextMillis < now then
      nextMillis = math.floor(now / every) * every + offset
      if nextMillis <= now then nextMillis = nextMillis + every end
    end
  end
  if offset == 0 then offset = nextMillis - math.floor(nextMillis / every) * every end
  return math.floor(nextMillis), math.floor(offset)
end

local function addSchedulerJob(keyPrefix, jobId, schedulerId, name, data, opts, now, delay)
  opts["delay"] = delay
  opts["jobId"] = jobId
  local priority = tonumber(opts["priority"]) or 0
  local fields = {"name", name, "data", data, "opts", cjson.encode(opts), "timestamp", now, "delay", delay,
    "priority", priority, "rjk", schedulerId}
  if type(opts["de"]) == "table" and opts["de"]["id"] then
    fields[#fields + 1] = "deid"
    fields[#fields + 1] = opts["de"]["id"]
  end
  rcall("HSET", keyPrefix .. jobId, unpack(fields))
  local maxLen = maxEvents(KEYS[5])
  emitEvent(KEYS[9], maxLen, "event", "added", "jobId", jobId, "name", name)
  if delay > 0 then
    rcall("ZADD", KEYS[2], delayedScore(KEYS[2], now + delay), jobId)
    emitEvent(KEYS[9], maxLen, "event", "delayed", "jobId", jobId, "delay", now + delay)
    setDelayMarker(KEYS[8], KEYS[2])
  else
    addToReady(readyList(KEYS[5], KEYS[3], KEYS[4]), KEYS[6], KEYS[7], KEYS[8], jobId, priority, opts["lifo"] == true,
      not isPaused(KEYS[5]))
    emitEvent(KEYS[9], maxLen, "event", "waiting", "jobId", jobId)
  end
end

local function removePendingSchedulerJob(keyPrefix, jobId)
  local jobKey = keyPrefix .. jobId
  if rcall("EXISTS", jobKey) == 0 then return false end
  -- while paused BullMQ looks for it in the v5 `paused` list only (so a v6 queue keeps it), and so does this
  local removed = rcall("ZREM", KEYS[2], jobId) == 1 or rcall("ZREM", KEYS[6], jobId) == 1
    or rcall("LREM", isPaused(KEYS[5]) and KEYS[4] or KEYS[3], 1, jobId) > 0
  if removed then deleteJob(keyPrefix, jobId, true, true) end
  return removed
end

local function removeDelayedSchedulerJob(keyPrefix, schedulerId, millis)
  local jobId = "repeat:" .. schedulerId .. ":" .. millis
  if rcall("ZREM", KEYS[2], jobId) == 1 then
    removeJobKeys(keyPrefix .. jobId)
    emitEvent(KEYS[9], maxEvents(KEYS[5]), "event", "removed", "jobId", jobId, "prev", "delayed")
  end
end
