--[[ Flow parents. When a child finishes for good, its parent (possibly in another queue: its keys derive from the
     child's `parent` field {id, queueKey, fpof?, cpof?, idof?, rdof?}) learns of it:
     completed: SREM from :dependencies, HSET :processed childKey -> returnvalue; the parent runs once none is left.
     failed: fpof records the child in :unsuccessful, sets the parent's `defa` and moves it on (the next worker
     fails it); cpof records the reason in :failed and moves the parent on at once; idof records it and moves the
     parent on once the rest is done; rdof just drops the dependency; no flag keeps the parent waiting.
     Moving on: out of waiting-children into the ready list, next to run (RPUSH) or prioritized. ]]
local function moveParentToWait(parentQueueKey, parentId)
  local q = parentQueueKey .. ":"
  if rcall("ZREM", q .. "waiting-children", parentId) == 0 then return end
  local priority = tonumber(rcall("HGET", q .. parentId, "priority")) or 0
  local paused = isPaused(q .. "meta")
  addToReady(readyList(q .. "meta", q .. "wait", q .. "paused"), q .. "prioritized", q .. "pc", q .. "marker",
    parentId, priority, true, not paused)
  emitEvent(q .. "events", maxEvents(q .. "meta"), "event", "waiting", "jobId", parentId, "prev", "waiting-children")
end

-- raw, parentKey: the child's `parent` and `parentKey` fields (false when absent), read by the caller with its HMGET
local function updateParentOnFinish(jobKey, raw, parentKey, completed, value, now)
  if not raw or not parentKey then return end
  local ok, parent = pcall(cjson.decode, raw)
  if not ok or type(parent) ~= "table" or not parent.id or not parent.queueKey then return end
  local deps = parentKey .. ":dependencies"
  if completed then
    if rcall("SREM", deps, jobKey) == 0 then return end
    rcall("HSET", parentKey .. ":processed", jobKey, value)
  elseif parent.fpof then
    rcall("SREM", deps, jobKey)
    rcall("ZADD", parentKey .. ":unsuccessful", now, jobKey)
    rcall("HSET", parentKey, "defa", "child " .. jobKey .. " failed")
    return moveParentToWait(parent.queueKey, parent.id)
  elseif parent.cpof or parent.idof then
    rcall("SREM", deps, jobKey)
    rcall("HSET", parentKey .. ":failed", jobKey, value)
    if parent.cpof then return moveParentToWait(parent.queueKey, parent.id) end
  elseif parent.rdof then
    rcall("SREM", deps, jobKey)
  else
    return
  end
  if rcall("SCARD", deps) == 0 then moveParentToWait(parent.queueKey, parent.id) end
end
