--[[ Events: XADD to the queue's stream, trimmed approximately to meta `opts.maxLenEvents` (BullMQ's default 10000). ]]
local function maxEvents(metaKey)
  return tonumber(rcall("HGET", metaKey, "opts.maxLenEvents")) or 10000
end

-- the meta fields the worker scripts need, in one HMGET: {paused (bool), concurrency, max, duration, maxLen}
local function readWorkerMeta(metaKey)
  local m = rcall("HMGET", metaKey, "paused", "concurrency", "max", "duration", "opts.maxLenEvents")
  return {paused = m[1] ~= false, concurrency = tonumber(m[2]), max = tonumber(m[3]), duration = tonumber(m[4]),
    maxLen = tonumber(m[5]) or 10000}
end

local function emitEvent(eventsKey, maxLen, ...)
  rcall("XADD", eventsKey, "MAXLEN", "~", maxLen, "*", ...)
end
