--[[ Deduplication (BullMQ's `de` option). The key P:Q:de:<id> holds the id of the job that owns it, with PX ttl when
     a ttl is set. deduplicate(keyPrefix, d, jobId, ...), d = {id, ttl (ms, 0 none), extend, replace}, returns the
     owner's id when the add must be dropped, or nil when the add goes ahead (the key then names the new job):
     - plain or ttl: the key is claimed with SET NX; a live owner wins and `deduplicated` {jobId = owner,
       deduplicationId, deduplicatedJobId = dropped job} is emitted;
     - ttl + extend: a live owner wins and its key's ttl starts over;
     - replace: an owner still delayed is removed (`removed` {prev delayed}, then `deduplicated` naming the new job
       as kept) and the new job takes the key (keeping the old ttl unless extend); an owner in any other state wins
       silently (BullMQ 6 emits nothing there).
     A key without ttl whose owner's hash is gone is stale (its job was deleted by some path that did not release
     it, e.g. by an older client): it counts as free, as in BullMQ 6.
     releaseDedupOnFinish: a finishing job releases a key without ttl that it owns (a ttl key deduplicates for a
     period, not for the job's life). releaseDedupOnRemoval: a deleted job releases the key it owns, ttl or not,
     and the parked next job (dn:<id>) with it. ]]
--@include emitEvent
--@include jobKeys

local function claimDedupKey(deKey, jobId, ttl)
  if ttl > 0 then rcall("SET", deKey, jobId, "PX", ttl) else rcall("SET", deKey, jobId) end
end

-- true when the key had no ttl and its owner is gone; the key then names jobId
local function recoverStaleDedupKey(keyPrefix, d, deKey, owner, jobId)
  if not owner or rcall("PTTL", deKey) ~= -1 or rcall("EXISTS", keyPrefix .. owner) == 1 then return false end
  rcall("DEL", deKey, keyPrefix .. "dn:" .. d.id)
  claimDedupKey(deKey, jobId, d.ttl)
  return true
end

local function emitDeduplicated(eventsKey, maxLen, keptId, dedupId, droppedId)
  emitEvent(eventsKey, maxLen, "event", "deduplicated", "jobId", keptId, "deduplicationId", dedupId,
    "deduplicatedJobId", droppedId)
end

local function deduplicateByReplacing(keyPrefix, d, deKey, jobId, delayedKey, eventsKey, maxLen)
  local owner = rcall("GET", deKey)
  if not owner then
    claimDedupKey(deKey, jobId, d.ttl)
    return nil
  end
  if rcall("ZREM", delayedKey, owner) == 1 then
    removeJobKeys(keyPrefix .. owner)
    emitEvent(eventsKey, maxLen, "event", "removed", "jobId", owner, "prev", "delayed")
    emitDeduplicated(eventsKey, maxLen, jobId, d.id, owner)
    rcall("DEL", keyPrefix .. "dn:" .. d.id)
    if not d.extend and d.ttl > 0 then rcall("SET", deKey, jobId, "KEEPTTL") else claimDedupKey(deKey, jobId, d.ttl) end
    return nil
  end
  if recoverStaleDedupKey(keyPrefix, d, deKey, owner, jobId) then return nil end
  return owner
end

local function deduplicate(keyPrefix, d, jobId, delayedKey, eventsKey, maxLen)
  if d.id == "" then return nil end
  local deKey = keyPrefix .. "de:" .. d.id
  if d.replace then
    return deduplicateByReplacing(keyPrefix, d, deKey, jobId, delayedKey, eventsKey, maxLen)
  end
  local owner
  if d.ttl > 0 and d.extend then
    owner = rcall("GET", deKey)
    if not owner then
      claimDedupKey(deKey, jobId, d.ttl)
      return nil
    end
    if recoverStaleDedupKey(keyPrefix, d, deKey, owner, jobId) then return nil end
    claimDedupKey(deKey, owner, d.ttl)
  else
    local claimed
    if d.ttl > 0 then
      claimed = rcall("SET", deKey, jobId, "PX", d.ttl, "NX")
    else
      claimed = rcall("SET", deKey, jobId, "NX")
    end
    if claimed then return nil end
    owner = rcall("GET", deKey)
    if recoverStaleDedupKey(keyPrefix, d, deKey, owner, jobId) then return nil end
  end
  emitDeduplicated(eventsKey, maxLen, owner, d.id, jobId)
  return owner
end

-- dedupId: the job's `deid` field (false when it has none), read by the caller with its other fields
local function releaseDedupOnFinish(keyPrefix, dedupId, jobId)
  if not dedupId then return end
  local deKey = keyPrefix .. "de:" .. dedupId
  local pttl = rcall("PTTL", deKey)
  if pttl == 0 or (pttl == -1 and rcall("GET", deKey) == jobId) then rcall("DEL", deKey) end
end

local function releaseDedupOnRemoval(keyPrefix, dedupId, jobId)
  if not dedupId then return end
  local deKey = keyPrefix .. "de:" .. dedupId
  if rcall("GET", deKey) == jobId then rcall("DEL", deKey, keyPrefix .. "dn:" .. dedupId) end
end
