--[[ Flow parents, when a child finishes for good (moveToFinished). The parent may live in another queue: it is named
     by the child's `parent` field {id, queueKey, fpof?, cpof?, idof?, rdof?} (a completed child lacking it falls
     back to `parentKey`, as BullMQ does).
     completed: the child leaves :dependencies and its returnvalue goes to :processed; a parent waiting for
       children moves on once none is pending.
     failed, by the child's policy: fpof records it in :unsuccessful and fails the parent (`defa`, and a parent
       waiting for children or delayed moves on at once, so that the next worker fails it; a parent elsewhere just
       gets `defa` unless it already failed); cpof records the reason in :failed and moves a waiting parent on at
       once; idof records the reason in :failed and, like rdof (which records nothing), drops the dependency, the
       parent moving on once none is pending. Without a policy the parent keeps waiting.
     Moving on (moveParentOn): out of waiting-children; a parent with a delay is delayed by it from now (scored
     (now+delay)*4096, `delayed` event, delay marker), else priority 0 is RPUSHed to its ready list (next to run)
     and any other priority joins prioritized, with waiting{prev=waiting-children}. ]]
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys

local function moveParentOn(parentQueueKey, parentKey, parentId, now)
  local q = parentQueueKey .. ":"
  local f = rcall("HMGET", parentKey, "priority", "delay")
  local delay = numberOf(f[2]) or 0
  local maxLen = maxEvents(q .. "meta")
  if delay > 0 then
    local runAt = now + delay
    rcall("ZADD", q .. "delayed", runAt * 4096, parentId)
    emitEvent(q .. "events", maxLen, "event", "delayed", "jobId", parentId, "delay", runAt)
    setDelayMarker(q .. "marker", q .. "delayed")
    return
  end
  addToReady(readyList(q .. "meta", q .. "wait", q .. "paused"), q .. "prioritized", q .. "pc", q .. "marker",
    parentId, numberOf(f[1]) or 0, true, not isPausedOrMaxed(q .. "meta", q .. "active"))
  emitEvent(q .. "events", maxLen, "event", "waiting", "jobId", parentId, "prev", "waiting-children")
end

local function moveParentOnIfWaiting(parentQueueKey, parentKey, parentId, now)
  if rcall("EXISTS", parentKey) == 1 and rcall("ZREM", parentQueueKey .. ":waiting-children", parentId) == 1 then
    moveParentOn(parentQueueKey, parentKey, parentId, now)
  end
end

local function moveParentOnIfDone(parentQueueKey, parentKey, parentId, now)
  if rcall("SCARD", parentKey .. ":dependencies") == 0 then
    moveParentOnIfWaiting(parentQueueKey, parentKey, parentId, now)
  end
end

local function failParentOfChild(parentQueueKey, parentKey, parentId, childKey, now)
  if rcall("EXISTS", parentKey) == 0 then return end
  local q = parentQueueKey .. ":"
  local reason = "child " .. childKey .. " failed"
  if rcall("ZREM", q .. "waiting-children", parentId) == 0 then
    if rcall("ZREM", q .. "delayed", parentId) == 0 then
      if not rcall("ZSCORE", q .. "failed", parentId) then rcall("HSET", parentKey, "defa", reason) end
      return
    end
    rcall("HSET", parentKey, "delay", 0)
  end
  rcall("HSET", parentKey, "defa", reason)
  moveParentOn(parentQueueKey, parentKey, parentId, now)
end

-- the child's `parent` field decoded, or nil when absent or unusable
local function parentLink(raw)
  if not raw then return nil end
  local ok, p = pcall(cjson.decode, raw)
  if not ok or type(p) ~= "table" or type(p.queueKey) ~= "string" then return nil end
  if type(p.id) ~= "string" and type(p.id) ~= "number" then return nil end
  p.id = tostring(p.id)
  return p
end

local function updateParentOfCompleted(jobKey, parent, parentKey, value, now)
  if not parentKey then return end
  local parentId, parentQueueKey
  if parent then
    parentId, parentQueueKey = parent.id, parent.queueKey
  else
    local prefix
    parentId, prefix = splitJobKey(parentKey)
    if not parentId then return end
    parentQueueKey = string.sub(prefix, 1, #prefix - 1)
  end
  if rcall("SREM", parentKey .. ":dependencies", jobKey) == 1 then
    rcall("HSET", parentKey .. ":processed", jobKey, value)
    moveParentOnIfDone(parentQueueKey, parentKey, parentId, now)
  end
end

local function updateParentOfFailed(jobKey, parent, reason, now)
  if not parent then return end
  local parentKey = parent.queueKey .. ":" .. parent.id
  if not (parent.fpof or parent.cpof or parent.idof or parent.rdof) then return end
  if rcall("SREM", parentKey .. ":dependencies", jobKey) == 0 then return end
  if parent.fpof then
    rcall("ZADD", parentKey .. ":unsuccessful", now, jobKey)
    failParentOfChild(parent.queueKey, parentKey, parent.id, jobKey, now)
  elseif parent.cpof then
    rcall("HSET", parentKey .. ":failed", jobKey, reason)
    moveParentOnIfWaiting(parent.queueKey, parentKey, parent.id, now)
  else
    moveParentOnIfDone(parent.queueKey, parentKey, parent.id, now)
    if parent.idof then rcall("HSET", parentKey .. ":failed", jobKey, reason) end
  end
end

-- raw, parentKey: the child's `parent` and `parentKey` fields (false when absent), read by the caller's HMGET
local function updateParentOnFinish(jobKey, raw, parentKey, completed, value, now)
  if completed then
    updateParentOfCompleted(jobKey, parentLink(raw), parentKey, value, now)
  else
    updateParentOfFailed(jobKey, parentLink(raw), value, now)
  end
end
