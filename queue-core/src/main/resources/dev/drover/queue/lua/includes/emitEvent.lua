--[[ Events: XADD to the queue's stream, trimmed approximately to meta `opts.maxLenEvents` (BullMQ's default 10000). ]]
local function maxEvents(metaKey)
  return tonumber(rcall("HGET", metaKey, "opts.maxLenEvents")) or 10000
end

local function emitEvent(eventsKey, maxLen, ...)
  rcall("XADD", eventsKey, "MAXLEN", "~", maxLen, "*", ...)
end
