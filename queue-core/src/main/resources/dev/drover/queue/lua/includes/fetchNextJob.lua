--[[ The fetch step shared by moveToActive and moveToFinished. `k` holds the queue keys by name.
     1. promote due delayed jobs (score <= (now+1)*4096-1, at most 1000) and emit waiting{prev=delayed};
     2. rate limit, for a worker or queue with one (meta max/duration, else the worker's own); a manual limit sets
        the counter to MAX_SAFE_INTEGER; over the limit returns the limiter's PTTL (even while paused, as BullMQ);
     3. fetch nothing while paused or while meta.concurrency <= LLEN active;
     4. pop wait from the right into active, else ZPOPMIN prioritized and LPUSH it to active (an empty ZPOPMIN drops
        the `pc` counter, as BullMQ);
     5. lock (SET PX), HINCRBY ats, processedOn, pb, count it against the rate limit unless it carries a deferred
        failure, emit active, and set the "0" marker (as BullMQ does after every activation).
     An empty fetch leaves the marker alone: the reply's nextDelayTimestamp tells the caller how long to block.
     `meta` is readWorkerMeta(k.meta), read once by the calling script (nothing it runs before changes meta).
     Returns {jobId, {hash fields}, rateLimitTtl, nextDelayTimestamp, moreReady}; with a job, moreReady is 1 when more
     jobs are ready (0: none, and nextDelayTimestamp is then the next delayed job's). jobId "" when nothing was
     fetched, and then the table's non-array field `empty` is true when wait and prioritized were both found empty
     (Redis replies with the array part only, so the field never reaches the client); nil when fetching stopped
     earlier. ]]
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

-- Only a worker or queue with a limit (max) is held by the limiter, a manual rate limit (the counter set to
-- MAX_SAFE_INTEGER) included, as in BullMQ: other workers keep fetching.
local function rateLimitTtl(limiterKey, max)
  if max <= 0 or (tonumber(rcall("GET", limiterKey)) or 0) < max then return 0 end
  local ttl = rcall("PTTL", limiterKey)
  if ttl == 0 then rcall("DEL", limiterKey) end
  return math.max(ttl, 0)
end

-- returns the id moved to active, or nil plus true when wait and prioritized were found empty
local function popReady(k, keyPrefix)
  -- skips ids whose hash is gone (removed by hand), so a dangling id never reaches a processor
  for _ = 1, 10 do
    local id = rcall("RPOPLPUSH", k.wait, k.active)
    if not id then
      local popped = rcall("ZPOPMIN", k.prioritized)
      if not popped[1] then
        rcall("DEL", k.pc)
        return nil, true
      end
      id = popped[1]
      rcall("LPUSH", k.active, id)
    end
    if rcall("EXISTS", keyPrefix .. id) == 1 then return id end
    rcall("LREM", k.active, 1, id)
  end
  return nil
end

local function fetchNextJob(k, keyPrefix, token, lockDuration, now, workerName, workerMax, workerDuration, meta)
  promoteDueJobs(k, keyPrefix, now, meta)
  local max = meta.max or workerMax
  local duration = meta.duration or workerDuration
  local ttl = rateLimitTtl(k.limiter, max)
  if ttl > 0 then return {"", {}, ttl, 0} end
  if meta.paused then return {"", {}, 0, 0} end
  if meta.concurrency and rcall("LLEN", k.active) >= meta.concurrency then return {"", {}, 0, 0} end
  local id, exhausted = popReady(k, keyPrefix)
  if not id then
    local none = {"", {}, 0, nextDelayTimestamp(k.delayed)}
    none.empty = exhausted
    return none
  end
  local jobKey = keyPrefix .. id
  if max > 0 and rcall("HEXISTS", jobKey, "defa") == 0 and rcall("INCR", k.limiter) == 1 then
    rcall("PEXPIRE", k.limiter, duration)
  end
  if token ~= "0" then rcall("SET", jobKey .. ":lock", token, "PX", lockDuration) end
  rcall("HINCRBY", jobKey, "ats", 1)
  if workerName ~= "" then
    rcall("HSET", jobKey, "processedOn", now, "pb", workerName)
  else
    rcall("HSET", jobKey, "processedOn", now)
  end
  emitEvent(k.events, meta.maxLen, "event", "active", "jobId", id, "prev", "waiting")
  rcall("ZADD", k.marker, 0, "0")
  if rcall("LLEN", k.wait) > 0 or rcall("ZCARD", k.prioritized) > 0 then
    return {id, rcall("HGETALL", jobKey), 0, 0, 1}
  end
  return {id, rcall("HGETALL", jobKey), 0, nextDelayTimestamp(k.delayed), 0}
end
