--[[ Deduplication (BullMQ's `de` option). The key P:Q:de:<id> holds the id of the job that owns it, with PX ttl when
     a ttl is set. deduplicate returns the owner's id when an add must be dropped (after emitting `deduplicated`
     {jobId = kept job, deduplicationId, deduplicatedJobId = dropped job}), or nil when the add goes ahead, in
     which case the key now names the new job. `replace` drops the owner instead, but only while it is delayed.
     releaseDeduplication deletes the key of a finished or removed job, if that job still owns it. ]]
local function deduplicate(keyPrefix, dedupId, ttl, extend, replace, jobId, delayedKey, eventsKey, maxLen)
  if dedupId == "" then return nil end
  local deKey = keyPrefix .. "de:" .. dedupId
  local owner = rcall("GET", deKey)
  if owner and replace and rcall("ZREM", delayedKey, owner) == 1 then
    removeJobKeys(keyPrefix .. owner)
    emitEvent(eventsKey, maxLen, "event", "removed", "jobId", owner, "prev", "delayed")
    emitEvent(eventsKey, maxLen, "event", "deduplicated", "jobId", jobId, "deduplicationId", dedupId,
      "deduplicatedJobId", owner)
  elseif owner then
    if extend and ttl > 0 then rcall("SET", deKey, owner, "PX", ttl) end
    emitEvent(eventsKey, maxLen, "event", "deduplicated", "jobId", owner, "deduplicationId", dedupId,
      "deduplicatedJobId", jobId)
    return owner
  end
  if ttl > 0 then rcall("SET", deKey, jobId, "PX", ttl) else rcall("SET", deKey, jobId) end
  return nil
end

-- dedupId: the job's `deid` field (false/nil when it has none), for callers that already read the job hash
local function releaseDeduplicationOf(keyPrefix, dedupId, jobId, onlyWithoutTtl)
  if not dedupId then return end
  local deKey = keyPrefix .. "de:" .. dedupId
  if rcall("GET", deKey) ~= jobId then return end
  -- a ttl key outlives its job on purpose: it deduplicates for a period, not for the job's life
  if onlyWithoutTtl and rcall("PTTL", deKey) ~= -1 then return end
  rcall("DEL", deKey)
end

local function releaseDeduplication(keyPrefix, jobKey, jobId, onlyWithoutTtl)
  releaseDeduplicationOf(keyPrefix, rcall("HGET", jobKey, "deid"), jobId, onlyWithoutTtl)
end
