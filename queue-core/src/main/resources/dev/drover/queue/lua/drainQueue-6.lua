--[[ Removes every job that has not started: wait, paused, prioritized and, when asked, delayed.
  KEYS: 1 wait, 2 paused, 3 prioritized, 4 pc, 5 delayed, 6 marker
  ARGV: 1 key prefix, 2 include delayed "1"/"0"
  Returns: the number of jobs removed ]]
local rcall = redis.call
--@include jobKeys

local keyPrefix, removed = ARGV[1], 0
local function dropAll(ids)
  for _, id in ipairs(ids) do
    removeJobKeys(keyPrefix .. id)
    removed = removed + 1
  end
end
dropAll(rcall("LRANGE", KEYS[1], 0, -1))
dropAll(rcall("LRANGE", KEYS[2], 0, -1))
dropAll(rcall("ZRANGE", KEYS[3], 0, -1))
rcall("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4])
if ARGV[2] == "1" then
  dropAll(rcall("ZRANGE", KEYS[5], 0, -1))
  rcall("DEL", KEYS[5], KEYS[6])
end
return removed
