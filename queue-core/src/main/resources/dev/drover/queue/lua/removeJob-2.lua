--[[ Removes a job (Queue.remove) from whatever state it is in, with its children unless told not to, as BullMQ's
  removeJob. Refused for a job scheduler's pending next job, and while the job or (with children) any pending
  descendant holds a lock. Children go first, depth first, across queues: processed, ignored (:failed),
  unsuccessful, then pending ones. Every removed job leaves its parent's dependencies (a parent left without
  pending children moves on, see includes/deleteJob; a waiting-children parent whose children are removed with it
  so moves to wait before it goes itself, as in BullMQ), releases the deduplication id it owns, loses its keys,
  and emits removed{jobId, prev} in its own queue, prev being where it was found first among completed,
  waiting-children, delayed, failed, prioritized, wait, paused and active ("unknown" when in none).
  KEYS: 1 job key, 2 repeat
  ARGV: 1 job id, 2 remove children "1"/"0", 3 key prefix
  Returns: 1 removed; -1 job missing; -8 the job belongs to a job scheduler; -20 the job (or a pending descendant)
           is locked by a worker ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include jobKeys
--@include deduplication
--@include deleteJob

local jobId, withChildren, keyPrefix = ARGV[1], ARGV[2] == "1", ARGV[3]

local function isLocked(prefix, id)
  local jobKey = prefix .. id
  if rcall("EXISTS", jobKey .. ":lock") == 1 then return true end
  if withChildren then
    for _, childKey in ipairs(rcall("SMEMBERS", jobKey .. ":dependencies")) do
      local childId, childPrefix = splitJobKey(childKey)
      if childId and isLocked(childPrefix, childId) then return true end
    end
  end
  return false
end

local function removeFromAnyState(prefix, id)
  for _, state in ipairs({"completed", "waiting-children", "delayed", "failed", "prioritized"}) do
    if rcall("ZREM", prefix .. state, id) == 1 then return state end
  end
  for _, state in ipairs({"wait", "paused", "active"}) do
    if rcall("LREM", prefix .. state, 1, id) == 1 then return state end
  end
  return "unknown"
end

local removeWithChildren

local function removeChildrenOf(jobKey)
  local childKeys = {}
  local processed = rcall("HKEYS", jobKey .. ":processed")
  local ignored = rcall("HKEYS", jobKey .. ":failed")
  local unsuccessful = rcall("ZRANGE", jobKey .. ":unsuccessful", 0, -1)
  local pending = rcall("SMEMBERS", jobKey .. ":dependencies")
  for _, group in ipairs({processed, ignored, unsuccessful, pending}) do
    for _, childKey in ipairs(group) do childKeys[#childKeys + 1] = childKey end
  end
  for _, childKey in ipairs(childKeys) do
    local childId, childPrefix = splitJobKey(childKey)
    if childId then removeWithChildren(childPrefix, childId, jobKey) end
  end
end

removeWithChildren = function(prefix, id, parentKey)
  local jobKey = prefix .. id
  local f = rcall("HMGET", jobKey, "parentKey", "deid")
  leaveParent(jobKey, parentKey or f[1], false, prefix)
  if withChildren then removeChildrenOf(jobKey) end
  local prev = removeFromAnyState(prefix, id)
  releaseDedupOnRemoval(prefix, f[2], id)
  if removeJobKeys(jobKey) > 0 then
    emitEvent(prefix .. "events", maxEvents(prefix .. "meta"), "event", "removed", "jobId", id, "prev", prev)
  end
end

if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
if isSchedulerJob(jobId, KEYS[1], KEYS[2]) then return -8 end
if isLocked(keyPrefix, jobId) then return -20 end
removeWithChildren(keyPrefix, jobId, nil)
return 1
