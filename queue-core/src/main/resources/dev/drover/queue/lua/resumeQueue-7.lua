--[[ Resumes the queue. Jobs a v5 pause parked in `paused` are merged onto the run end of wait (never RENAMEd over
  it, which would drop jobs added to wait meanwhile), at most 7000 per call; then the marker is re-armed.
  KEYS: 1 wait, 2 paused, 3 meta, 4 prioritized, 5 events, 6 delayed, 7 marker
  ARGV: none
  Returns: the number of ids still left in `paused` (call again while > 0) ]]
local rcall = redis.call
--@include emitEvent
--@include delayed

rcall("HDEL", KEYS[3], "paused")
local parked = rcall("LRANGE", KEYS[2], 0, 6999)
if #parked > 0 then
  rcall("RPUSH", KEYS[1], unpack(parked))
  rcall("LTRIM", KEYS[2], #parked, -1)
end
if rcall("LLEN", KEYS[1]) > 0 or rcall("ZCARD", KEYS[4]) > 0 then
  rcall("ZADD", KEYS[7], 0, "0")
else
  setDelayMarker(KEYS[7], KEYS[6])
end
emitEvent(KEYS[5], maxEvents(KEYS[3]), "event", "resumed")
return rcall("LLEN", KEYS[2])
