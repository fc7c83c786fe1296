--[[ The add of one job, shared by addJob-10 (one job per call) and addBatch-10 (the jobs of one addBulk per call);
     see addJob-10.lua for what an add does, its KEYS, its arguments and its reply. `KEYS` and `ARGV` are the
     parameters here: the queue's ten keys and one job's arguments, indexed as addJob-10's ARGV. `shared` is nil for
     a lone call; in a batch it keeps the queue's meta (paused, events cap) read by the first add, since no add
     changes what is read (the cap, stored on first use, is then already there). ]]
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deduplication
--@include flowParent
--@include addOnce

-- one read of meta serves the add (or the batch); the events cap is stored on first use (as BullMQ does)
local function readAddMeta(metaKey)
  local m = rcall("HMGET", metaKey, "paused", "opts.maxLenEvents")
  local maxLen = tonumber(m[2])
  if not maxLen then
    rcall("HSETNX", metaKey, "opts.maxLenEvents", 10000)
    maxLen = tonumber(rcall("HGET", metaKey, "opts.maxLenEvents")) or 10000
  end
  return {paused = m[1] ~= false, maxLen = maxLen}
end

local function addJob(KEYS, ARGV, shared)
  local keyPrefix, customId, name, data, opts = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
  local timestamp, delay, priority = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
  local dedupId, parentKey, parentField = ARGV[10], ARGV[14], ARGV[15]

  if parentKey ~= "" and rcall("EXISTS", parentKey) == 0 then return -5 end
  if not claimAddOnce(ARGV[17] or "", ARGV[18], ARGV[19]) then return 0 end
  local counter = rcall("INCR", KEYS[4])
  local meta = shared and shared.meta or readAddMeta(KEYS[3])
  if shared then shared.meta = meta end
  local paused, maxLen = meta.paused, meta.maxLen

  -- an existing job added again as a flow child: link it to the new parent, counting its result if it completed
  local function linkExistingChild(jobKey, jobId)
    local existingParent = rcall("HGET", jobKey, "parentKey")
    if existingParent and existingParent ~= parentKey and rcall("EXISTS", existingParent) == 1 then
      rcall("SREM", parentKey .. ":dependencies", jobKey)
      return -7
    end
    if rcall("ZSCORE", keyPrefix .. "completed", jobId) then
      rcall("SREM", parentKey .. ":dependencies", jobKey)
      rcall("HSET", parentKey .. ":processed", jobKey, rcall("HGET", jobKey, "returnvalue") or "null")
      local link = parentLink(parentField)
      if link then moveParentOnIfDone(link.queueKey, parentKey, link.id, timestamp) end
    else
      rcall("SADD", parentKey .. ":dependencies", jobKey)
    end
    rcall("HSET", jobKey, "parentKey", parentKey, "parent", parentField)
    return jobId
  end

  local jobId = customId
  if jobId == "" then
    jobId = tostring(counter)
  elseif rcall("EXISTS", keyPrefix .. jobId) == 1 then
    if parentKey ~= "" then
      local linked = linkExistingChild(keyPrefix .. jobId, jobId)
      if linked == -7 then return -7 end
    end
    emitEvent(KEYS[9], maxLen, "event", "duplicated", "jobId", jobId)
    return jobId
  end
  local dedup = {id = dedupId, ttl = tonumber(ARGV[11]), extend = ARGV[12] == "1", replace = ARGV[13] == "1"}
  local owner = deduplicate(keyPrefix, dedup, jobId, KEYS[5], KEYS[9], maxLen)
  if owner then return owner end

  local jobKey = keyPrefix .. jobId
  rcall("HSET", jobKey, "name", name, "data", data, "opts", opts, "timestamp", timestamp,
    "delay", delay, "priority", priority)
  if dedupId ~= "" then rcall("HSET", jobKey, "deid", dedupId) end
  if parentKey ~= "" then
    rcall("HSET", jobKey, "parentKey", parentKey, "parent", parentField)
    rcall("SADD", parentKey .. ":dependencies", jobKey)
  end
  emitEvent(KEYS[9], maxLen, "event", "added", "jobId", jobId, "name", name)

  if ARGV[16] ~= "" then
    local children = cjson.decode(ARGV[16])
    for _, childKey in ipairs(children) do rcall("SADD", jobKey .. ":dependencies", childKey) end
    rcall("ZADD", KEYS[10], timestamp, jobId)
    emitEvent(KEYS[9], maxLen, "event", "waiting-children", "jobId", jobId)
  elseif delay > 0 then
    local runAt = timestamp + delay
    rcall("ZADD", KEYS[5], delayedScore(KEYS[5], runAt), jobId)
    emitEvent(KEYS[9], maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
    -- even while paused, as BullMQ: the marker only says when to look, and a paused worker fetches nothing anyway
    setDelayMarker(KEYS[8], KEYS[5])
  else
    local list = readyListWhen(paused, KEYS[1], KEYS[2])
    addToReady(list, KEYS[6], KEYS[7], KEYS[8], jobId, priority, ARGV[9] == "1", not paused)
    emitEvent(KEYS[9], maxLen, "event", "waiting", "jobId", jobId)
  end
  return jobId
end
