--[[ Delayed zset scores are (timestamp ms)*4096 + n, n the next free slot in that ms (saturating at 4095).
     setDelayMarker puts marker member "1" at the earliest delayed timestamp so blocked workers wake for it. ]]
local function delayedScore(delayedKey, timestamp)
  local base = timestamp * 4096
  local last = rcall("ZREVRANGEBYSCORE", delayedKey, base + 4095, base, "WITHSCORES", "LIMIT", 0, 1)
  if last[2] then return math.min(tonumber(last[2]) + 1, base + 4095) end
  return base
end

-- score/4096 unrounded, as BullMQ scores the "1" marker (a reply to the client truncates it to whole ms)
local function nextDelayTimestamp(delayedKey)
  local first = rcall("ZRANGE", delayedKey, 0, 0, "WITHSCORES")
  if first[2] then return tonumber(first[2]) / 4096 end
  return 0
end

local function setDelayMarker(markerKey, delayedKey)
  local ts = nextDelayTimestamp(delayedKey)
  if ts > 0 then rcall("ZADD", markerKey, ts, "1") end
end
