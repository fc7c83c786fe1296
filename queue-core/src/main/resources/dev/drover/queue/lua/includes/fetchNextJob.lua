--[[ The fetch step shared by moveToActive and moveToFinished. `k` holds the queue keys by name.
     1. promote due delayed jobs (score <= (now+1)*4096-1, at most 1000) and emit waiting{prev=delayed};
     2. rate limit, for a worker or queue with one (meta max/duration, else the worker's own); a manual limit sets
        the counter to MAX_SAFE_INTEGER; over the limit returns the limiter's PTTL (even while paused, as BullMQ);
     3. fetch nothing while paused or while meta.concurrency <= LLEN active;
     4. pop wait from the right into active, else ZPOPMIN prioritized and LPUSH it to active (an empty ZPOPMIN drops
        the `pc` counter, as BullMQ); an id whose hash is gone is dropped, and a job whose counters are corrupt is
        failed (see failCorruptJob) instead of taken;
     5. count it against the rate limit (not a job that will fail at once on its `defa`, as in BullMQ), lock
        (SET PX), ats + 1, processedOn and pb in one HSET (the hash popReady read with HGETALL, which also told
        that it exists and its counters are sound, is updated in Lua for the reply), emit active, and set the "0" marker (as BullMQ does after every
        activation). An empty fetch leaves the marker alone: the reply's nextDelayTimestamp says how long to block.
     `meta` is readWorkerMeta(k.meta), read once by the calling script (nothing it runs before changes meta).
     `batch` (optional) is finishBatch-15's shared state (see includes/finishJob): step 1 runs only when
     batch.promoteDue(now) says a delayed job may be due, and step 5's marker is left to the end of the batch.
     Returns {jobId, {hash fields}, rateLimitTtl, nextDelayTimestamp, moreReady}; with a job, moreReady is 1 when more
     jobs are ready (0: none, and nextDelayTimestamp is then the next delayed job's). jobId "" when nothing was
     fetched, and then the table's non-array fields (Redis replies with the array part only, so they never reach
     the client) say why: `empty` is true when wait and prioritized were both found empty, and `idle` when besides
     no job is delayed either (BullMQ's condition for a finishing worker to check for `drained`). ]]
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include failCorruptJob

local function promoteDueJobs(k, keyPrefix, now, meta)
  local ids = rcall("ZRANGEBYSCORE", k.delayed, 0, (now + 1) * 4096 - 1, "LIMIT", 0, 1000)
  if #ids == 0 then return end
  rcall("ZREM", k.delayed, unpack(ids))
  local list = readyListWhen(meta.paused, k.wait, k.paused)
  local wake = not meta.paused
  local maxLen = meta.maxLen
  for _, id in ipairs(ids) do
    local jobKey = keyPrefix .. id
    -- an id whose hash is gone is dropped here rather than promoted into a phantom job made of `delay` alone
    if rcall("EXISTS", jobKey) == 1 then
      local priority = numberOf(rcall("HGET", jobKey, "priority")) or 0
      addToReady(list, k.prioritized, k.pc, k.marker, id, priority, false, wake)
      rcall("HSET", jobKey, "delay", 0)
      emitEvent(k.events, maxLen, "event", "waiting", "jobId", id, "prev", "delayed")
    end
  end
end

-- Only a worker or queue with a limit (max) is held by the limiter, a manual rate limit (the counter set to
-- MAX_SAFE_INTEGER) included, as in BullMQ: other workers keep fetching.
local function rateLimitTtl(limiterKey, max)
  if max <= 0 or (numberOf(rcall("GET", limiterKey)) or 0) < max then return 0 end
  local ttl = rcall("PTTL", limiterKey)
  if ttl == 0 then rcall("DEL", limiterKey) end
  return math.max(ttl, 0)
end

-- returns the id moved to active and its hash (HGETALL), or nil plus true when wait and prioritized were found empty
local function popReady(k, keyPrefix, now, maxLen)
  -- skips ids whose hash is gone (removed by hand), so a dangling id never reaches a processor, and fails corrupt jobs
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
    local hash = rcall("HGETALL", keyPrefix .. id)
    local field, value
    if #hash > 0 then
      field, value = corruptCounterIn({fieldIn(hash, "ats") or false, fieldIn(hash, "atm") or false,
        fieldIn(hash, "stc") or false})
      if not field then return id, false, hash end
    end
    rcall("LREM", k.active, 1, id)
    if field then failCorruptJob(keyPrefix, id, field, value, now, k.events, maxLen) end
  end
  return nil
end

-- INCR the rate-limit counter, starting a window on the first hit; a corrupt counter starts over
local function countAgainstLimit(limiterKey, duration)
  local n = redis.pcall("INCR", limiterKey)
  if type(n) == "table" then
    rcall("SET", limiterKey, 1)
    n = 1
  end
  if n == 1 then rcall("PEXPIRE", limiterKey, duration) end
end

local function fetchNextJob(k, keyPrefix, token, lockDuration, now, workerName, workerMax, workerDuration, meta, batch)
  if not batch or batch.promoteDue(now) then promoteDueJobs(k, keyPrefix, now, meta) end
  local max = meta.max or workerMax
  local duration = meta.duration or workerDuration
  local ttl = rateLimitTtl(k.limiter, max)
  if ttl > 0 then return {"", {}, ttl, 0} end
  if meta.paused then return {"", {}, 0, 0} end
  if meta.concurrency and rcall("LLEN", k.active) >= meta.concurrency then return {"", {}, 0, 0} end
  local id, exhausted, hash = popReady(k, keyPrefix, now, meta.maxLen)
  if not id then
    local nextTs = nextDelayTimestamp(k.delayed)
    local none = {"", {}, 0, nextTs}
    none.empty = exhausted
    none.idle = exhausted and nextTs == 0
    return none
  end
  local jobKey = keyPrefix .. id
  if max > 0 and not fieldIn(hash, "defa") then countAgainstLimit(k.limiter, duration) end
  if token ~= "0" then rcall("SET", jobKey .. ":lock", token, "PX", lockDuration) end
  -- ats and processedOn (and pb) in one HSET, the hash read by popReady kept current instead of read again
  local ats = incremented(fieldIn(hash, "ats"))
  if not ats then ats = tostring(rcall("HINCRBY", jobKey, "ats", 1)) end
  local stamp = string.format("%d", now)
  if workerName ~= "" then
    rcall("HSET", jobKey, "ats", ats, "processedOn", stamp, "pb", workerName)
  else
    rcall("HSET", jobKey, "ats", ats, "processedOn", stamp)
  end
  setFieldIn(hash, "ats", ats)
  setFieldIn(hash, "processedOn", stamp)
  if workerName ~= "" then setFieldIn(hash, "pb", workerName) end
  emitEvent(k.events, meta.maxLen, "event", "active", "jobId", id, "prev", "waiting")
  if batch then batch.activated = true else rcall("ZADD", k.marker, 0, "0") end
  if rcall("LLEN", k.wait) > 0 or rcall("ZCARD", k.prioritized) > 0 then
    return {id, hash, 0, 0, 1}
  end
  return {id, hash, 0, nextDelayTimestamp(k.delayed), 0}
end

-- The job an earlier run of the same call already fetched under `token` (its reply was lost and the worker repeats
-- the call): lock tokens are never reused, so the job whose lock holds it is that job. Fetches push onto the head
-- of active, so it is searched for among the first 1000 ids there, 100 locks per MGET.
local function fetchedUnder(k, keyPrefix, token)
  if token == "" or token == "0" then return nil end
  local ids = rcall("LRANGE", k.active, 0, 999)
  for i = 1, #ids, 100 do
    local lockKeys = {}
    for j = i, math.min(i + 99, #ids) do lockKeys[#lockKeys + 1] = keyPrefix .. ids[j] .. ":lock" end
    local locks = rcall("MGET", unpack(lockKeys))
    for j = 1, #lockKeys do
      if locks[j] == token then return ids[i + j - 1] end
    end
  end
  return nil
end

-- fetchNextJob's reply for a job already taken (see fetchedUnder)
local function fetchedReply(k, keyPrefix, id)
  local hash = rcall("HGETALL", keyPrefix .. id)
  if rcall("LLEN", k.wait) > 0 or rcall("ZCARD", k.prioritized) > 0 then return {id, hash, 0, 0, 1} end
  return {id, hash, 0, nextDelayTimestamp(k.delayed), 0}
end
