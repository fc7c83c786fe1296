--[[ The fetch step shared by moveToActive and moveToFinished. `k` holds the queue keys by name.
     1. promote due delayed jobs (score <= (now+1)*4096-1, at most 1000) and emit waiting{prev=delayed};
     2. fetch nothing while paused or while meta.concurrency <= LLEN active;
     3. rate limit: meta max/duration (global) else the worker's own, or a manual limit (counter at MAX_SAFE_INTEGER);
        over the limit returns the limiter's PTTL;
     4. pop wait from the right into active, else ZPOPMIN prioritized and LPUSH it to active;
     5. lock (SET PX), HINCRBY ats, processedOn, pb, emit active, re-arm the marker when more work is ready.
     `meta` is readWorkerMeta(k.meta), read once by the calling script (nothing it runs before changes meta).
     Returns {jobId, {hash fields}, rateLimitTtl, nextDelayTimestamp, moreReady}; with a job, moreReady is 1 when more
     jobs are ready (0: none, and nextDelayTimestamp is then the next delayed job's). jobId "" when nothing was fetched, and then the
     table's non-array field `empty` is true when wait and prioritized were both found empty (Redis replies with
     the array part only, so the field never reaches the client); nil when fetching stopped earlier. ]]
local function promoteDueJobs(k, keyPrefix, now, meta)
  local ids = rcall("ZRANGEBYSCORE", k.delayed, 0, (now + 1) * 4096 - 1, "LIMIT", 0, 1000)
  if #ids == 0 then return end
  rcall("ZREM", k.delayed, unpack(ids))
  local list = readyListWhen(meta.paused, k.wait, k.paused)
  local wake = not meta.paused
  local maxLen = meta.maxLen
  for _, id in ipairs(ids) do
    local jobKey = keyPrefix .. id
    local priority = tonumber(rcall("HGET", jobKey, "priority")) or 0
    addToReady(list, k.prioritized, k.pc, k.marker, id, priority, false, wake)
    rcall("HSET", jobKey, "delay", 0)
    emitEvent(k.events, maxLen, "event", "waiting", "jobId", id, "prev", "delayed")
  end
end

local function rateLimitTtl(limiterKey, max)
  local count = tonumber(rcall("GET", limiterKey)) or 0
  -- a manual rate limit (BullMQ's worker.rateLimit) sets the counter to MAX_SAFE_INTEGER and applies without max
  if max <= 0 then max = 9007199254740991 end
  if count < max then return 0 end
  local ttl = rcall("PTTL", limiterKey)
  if ttl > 0 then return ttl end
  -- a counter without expiry would block the queue forever; drop it
  rcall("DEL", limiterKey)
  return 0
end

-- returns the id moved to active, or nil plus true when wait and prioritized were found empty
local function popReady(k, keyPrefix)
  -- skips ids whose hash is gone (removed by hand), so a dangling id never reaches a processor
  for _ = 1, 10 do
    local id = rcall("RPOPLPUSH", k.wait, k.active)
    if not id then
      local popped = rcall("ZPOPMIN", k.prioritized)
      if not popped[1] then return nil, true end
      id = popped[1]
      rcall("LPUSH", k.active, id)
      if rcall("ZCARD", k.prioritized) == 0 then rcall("DEL", k.pc) end
    end
    if rcall("EXISTS", keyPrefix .. id) == 1 then return id end
    rcall("LREM", k.active, 1, id)
  end
  return nil
end

local function fetchNextJob(k, keyPrefix, token, lockDuration, now, workerName, workerMax, workerDuration, meta)
  promoteDueJobs(k, keyPrefix, now, meta)
  if meta.paused then return {"", {}, 0, 0} end
  if meta.concurrency and rcall("LLEN", k.active) >= meta.concurrency then return {"", {}, 0, 0} end
  local max = meta.max or workerMax
  local duration = meta.duration or workerDuration
  local ttl = rateLimitTtl(k.limiter, max)
  if ttl > 0 then return {"", {}, ttl, 0} end
  local id, exhausted = popReady(k, keyPrefix)
  if not id then
    -- the caller may just have popped the "1" marker; put it back so every idle worker wakes for the next delayed job
    local nextTs = nextDelayTimestamp(k.delayed)
    if nextTs > 0 then rcall("ZADD", k.marker, nextTs, "1") end
    local none = {"", {}, 0, nextTs}
    none.empty = exhausted
    return none
  end
  if max > 0 and rcall("INCR", k.limiter) == 1 then rcall("PEXPIRE", k.limiter, duration) end
  local jobKey = keyPrefix .. id
  if token ~= "0" then rcall("SET", jobKey .. ":lock", token, "PX", lockDuration) end
  rcall("HINCRBY", jobKey, "ats", 1)
  if workerName ~= "" then
    rcall("HSET", jobKey, "processedOn", now, "pb", workerName)
  else
    rcall("HSET", jobKey, "processedOn", now)
  end
  emitEvent(k.events, meta.maxLen, "event", "active", "jobId", id, "prev", "waiting")
  if rcall("LLEN", k.wait) > 0 or rcall("ZCARD", k.prioritized) > 0 then
    rcall("ZADD", k.marker, 0, "0")
    return {id, rcall("HGETALL", jobKey), 0, 0, 1}
  end
  -- nothing else is ready: leave the marker as an empty fetch would (delayed "1" re-armed) and say so, so the worker
  -- blocks on the marker at once instead of spending a call on a fetch that would find nothing
  local nextTs = nextDelayTimestamp(k.delayed)
  if nextTs > 0 then rcall("ZADD", k.marker, nextTs, "1") end
  return {id, rcall("HGETALL", jobKey), 0, nextTs, 0}
end
