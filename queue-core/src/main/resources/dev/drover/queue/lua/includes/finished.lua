--[[ Finished sets. trimFinished applies keepJobs to completed/failed as BullMQ does: first the age rule (0: none), which
     deletes up to `limit` of the jobs finished `age` seconds ago or earlier, newest of them first; then the count
     rule (count < 0: none), which deletes the oldest beyond the newest `count` (at most `limit` per call: BullMQ
     has no cap there, but one finish should never delete an unbounded number of jobs). Deletion goes through
     deleteJob: a failed child still pending in its parent leaves it (the parent may move on); deduplication ids
     are not touched, since a finished job released its own when it finished.
     collectMetrics keeps BullMQ's per-minute layout: HASH count/prevTS/prevCount, LIST `:data` of per-minute deltas
     (newest first) trimmed to maxPoints. When a job finishes in a later minute than prevTS, the jobs counted before
     it (count - prevCount) close the old minute, one 0 is pushed per minute without jobs, and the finishing job
     opens the new minute: prevCount excludes it (as BullMQ 5.x/6.x do; verified by inspecting Redis). A metrics
     hash whose numbers are not numbers starts over rather than make the finish raise halfway. ]]
--@include deleteJob

local function trimFinished(setKey, keyPrefix, count, age, now, limit)
  if age > 0 then
    local cutoff = now - age * 1000
    local ids = rcall("ZREVRANGEBYSCORE", setKey, cutoff, "-inf", "LIMIT", 0, limit)
    for _, id in ipairs(ids) do deleteJob(keyPrefix, id, false, false) end
    if #ids > 0 then rcall("ZREM", setKey, unpack(ids)) end
  end
  if count >= 0 then
    local excess = rcall("ZCARD", setKey) - count
    if excess > 0 then
      local ids = rcall("ZRANGE", setKey, 0, math.min(excess, limit) - 1)
      for _, id in ipairs(ids) do deleteJob(keyPrefix, id, false, false) end
      rcall("ZREM", setKey, unpack(ids))
    end
  end
end

local function collectMetrics(metricsKey, maxPoints, now)
  local stored = rcall("HMGET", metricsKey, "count", "prevTS", "prevCount")
  if (stored[1] and not isCounter(stored[1])) or (stored[2] and not numberOf(stored[2]))
      or (stored[3] and not numberOf(stored[3])) then
    rcall("DEL", metricsKey)
    stored = {false, false, false}
  end
  local before = rcall("HINCRBY", metricsKey, "count", 1) - 1
  if not stored[2] then
    rcall("HSET", metricsKey, "prevTS", now, "prevCount", 0)
    return
  end
  local minutes = math.floor(now / 60000) - math.floor(numberOf(stored[2]) / 60000)
  if minutes <= 0 then return end
  local dataKey = metricsKey .. ":data"
  rcall("LPUSH", dataKey, before - (numberOf(stored[3]) or 0))
  -- minutes with no finished job count as zero
  for _ = 2, math.min(minutes, maxPoints) do rcall("LPUSH", dataKey, 0) end
  rcall("LTRIM", dataKey, 0, maxPoints - 1)
  rcall("HSET", metricsKey, "prevTS", now, "prevCount", before)
end
