--[[ Appends a line to a job's log, keeping only the newest `keepLogs` lines.
  KEYS: 1 job key, 2 logs key
  ARGV: 1 line, 2 keepLogs (0 keep all)
  Returns: the number of lines kept; -1 job missing ]]
local rcall = redis.call

if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
local count = rcall("RPUSH", KEYS[2], ARGV[1])
local keep = tonumber(ARGV[2])
if keep > 0 and count > keep then
  rcall("LTRIM", KEYS[2], -keep, -1)
  return keep
end
return count
