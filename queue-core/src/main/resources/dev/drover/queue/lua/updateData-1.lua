--[[ Replaces a job's data, whatever its state (a running job's processor keeps the data it was given).
  KEYS: 1 job key
  ARGV: 1 data JSON
  Returns: 0; -1 job missing ]]
local rcall = redis.call

if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
rcall("HSET", KEYS[1], "data", ARGV[1])
return 0
