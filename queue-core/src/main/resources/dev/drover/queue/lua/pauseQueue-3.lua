--[[ Pauses the queue (v6 semantics: jobs stay in wait; workers fetch nothing while meta.paused is set).
  KEYS: 1 meta, 2 marker, 3 events
  ARGV: none
  Returns: 0 ]]
local rcall = redis.call
--@include emitEvent

rcall("HSET", KEYS[1], "paused", 1)
rcall("DEL", KEYS[2])
emitEvent(KEYS[3], maxEvents(KEYS[1]), "event", "paused")
return 0
