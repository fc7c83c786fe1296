--[[ Deleting jobs: the one routine behind Queue.remove, drain, clean, obliterate, finished-set trimming and a finish
     with removal (BullMQ, too, has one routine for all of them).
     leaveParent(jobKey, parentKey, hard, keyPrefix): the child leaves its parent's :dependencies. When it was the
       parent's last pending child and the parent waits in waiting-children, the parent moves on: RPUSHed to its
       ready list whatever its priority or delay (BullMQ's removal path does so), "0" marker unless paused or maxed,
       waiting{prev=waiting-children}. In `hard` mode (drain, clean, obliterate) a parent in the same queue is
       deleted along with its last child (hard again, up the tree) and one in another queue moves on without the
       event. Returns true when the child was a pending dependency.
     deleteJob(keyPrefix, jobId, hard, releaseDedup): leaveParent, then the deduplication id the job owns (unless
       releaseDedup is false: trimming, whose finished jobs released theirs when they finished), then the hash and
       every key hanging off it. Emits nothing (callers' events differ). Returns the number of keys deleted.
     isSchedulerJob(jobId, jobKey, repeatKey): whether the job is its scheduler's pending next slot, which drain and
       clean leave alone. ]]
--@include emitEvent
--@include addToReady
--@include jobKeys
--@include deduplication

local deleteJob

local function moveParentOnAfterRemoval(parentPrefix, parentId, emit)
  local meta = parentPrefix .. "meta"
  rcall("RPUSH", readyList(meta, parentPrefix .. "wait", parentPrefix .. "paused"), parentId)
  if not isPausedOrMaxed(meta, parentPrefix .. "active") then rcall("ZADD", parentPrefix .. "marker", 0, "0") end
  if emit then
    emitEvent(parentPrefix .. "events", maxEvents(meta), "event", "waiting", "jobId", parentId, "prev",
      "waiting-children")
  end
end

local function leaveParent(jobKey, parentKey, hard, keyPrefix)
  if not parentKey or parentKey == "" then return false end
  local deps = parentKey .. ":dependencies"
  if rcall("SREM", deps, jobKey) == 0 then return false end
  local parentId, parentPrefix = splitJobKey(parentKey)
  if parentId and rcall("SCARD", deps) == 0 and rcall("ZREM", parentPrefix .. "waiting-children", parentId) == 1 then
    if hard and parentPrefix == keyPrefix then
      deleteJob(parentPrefix, parentId, true, true)
    else
      moveParentOnAfterRemoval(parentPrefix, parentId, not hard)
    end
  end
  return true
end

deleteJob = function(keyPrefix, jobId, hard, releaseDedup)
  local jobKey = keyPrefix .. jobId
  local f = rcall("HMGET", jobKey, "parentKey", "deid")
  leaveParent(jobKey, f[1], hard, keyPrefix)
  if releaseDedup then releaseDedupOnRemoval(keyPrefix, f[2], jobId) end
  return removeJobKeys(jobKey)
end

local function isSchedulerJob(jobId, jobKey, repeatKey)
  local schedulerId = rcall("HGET", jobKey, "rjk")
  if not schedulerId then return false end
  local millis = rcall("ZSCORE", repeatKey, schedulerId)
  return millis ~= false and jobId == "repeat:" .. schedulerId .. ":" .. millis
end
