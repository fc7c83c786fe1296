--[[ Finished sets. trimFinished applies keepJobs to completed/failed: keep at most `count` newest (count < 0: no
     count rule) and drop those finished more than `age` seconds ago (0: no age rule), at most `limit` per call.
     collectMetrics keeps BullMQ's per-minute layout: HASH count/prevTS/prevCount, LIST `:data` of per-minute deltas
     (newest first) trimmed to maxPoints. When a job finishes in a later minute than prevTS, the jobs counted before
     it (count - prevCount) close the old minute, one 0 is pushed per minute without jobs, and the finishing job
     opens the new minute: prevCount excludes it (as BullMQ 5.x/6.x do; verified by inspecting Redis). ]]
local function removeFromFinished(setKey, keyPrefix, ids)
  for _, id in ipairs(ids) do
    removeJobKeys(keyPrefix .. id)
    rcall("ZREM", setKey, id)
  end
end

local function trimFinished(setKey, keyPrefix, count, age, now, limit)
  if count >= 0 then
    local excess = rcall("ZCARD", setKey) - count
    if excess > 0 then
      removeFromFinished(setKey, keyPrefix, rcall("ZRANGE", setKey, 0, math.min(excess, limit) - 1))
    end
  end
  if age > 0 then
    removeFromFinished(setKey, keyPrefix,
      rcall("ZRANGEBYSCORE", setKey, "-inf", now - age * 1000, "LIMIT", 0, limit))
  end
end

local function collectMetrics(metricsKey, maxPoints, now)
  local before = rcall("HINCRBY", metricsKey, "count", 1) - 1
  local prev = rcall("HMGET", metricsKey, "prevTS", "prevCount")
  if not prev[1] then
    rcall("HSET", metricsKey, "prevTS", now, "prevCount", 0)
    return
  end
  local minutes = math.floor(now / 60000) - math.floor(tonumber(prev[1]) / 60000)
  if minutes <= 0 then return end
  local dataKey = metricsKey .. ":data"
  rcall("LPUSH", dataKey, before - (tonumber(prev[2]) or 0))
  -- minutes with no finished job count as zero
  for _ = 2, math.min(minutes, maxPoints) do rcall("LPUSH", dataKey, 0) end
  rcall("LTRIM", dataKey, 0, maxPoints - 1)
  rcall("HSET", metricsKey, "prevTS", now, "prevCount", before)
end
