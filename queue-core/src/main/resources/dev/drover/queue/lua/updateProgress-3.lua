--[[ Stores a job's progress and announces it.
  KEYS: 1 job key, 2 events, 3 meta
  ARGV: 1 job id, 2 progress JSON
  Returns: 0; -1 job missing ]]
local rcall = redis.call
--@include emitEvent

if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
rcall("HSET", KEYS[1], "progress", ARGV[2])
emitEvent(KEYS[2], maxEvents(KEYS[3]), "event", "progress", "jobId", ARGV[1], "data", ARGV[2])
return 0
