--[[ Job key helpers. removeJobKeys deletes a job hash and every key hanging off it except its lock, and returns how
     many existed. The lock stays, as BullMQ's removal leaves it: the jobs removed are held by no worker, save a
     scheduler's slot job an upsert deletes while it runs (its lock then expires; its holder finds the job gone),
     and obliterate deletes the active jobs' locks itself.
     splitJobKey turns a full job key P:Q:<id> into its id and its queue's key prefix P:Q: (split at the last ':',
     as BullMQ does for dependency keys). checkAndReleaseLock verifies that `token` owns the job's lock (token "0"
     means no lock, BullMQ's manual mode) and deletes it: 0 ok, -2 lock missing, -6 lock held by another token.
     numberOf reads a stored number as tonumber does (as BullMQ reads priority, delay...) but never yields NaN or
     inf, which would make ZADD raise halfway through a script: nil instead. corruptCounter names the first of the
     job's counters (ats, atm, stc) that HINCRBY would refuse (Redis takes only canonical integers: no sign but
     '-', no leading zero, at most 18 digits here), with its value, or nil when all are fine; corruptCounterIn does
     the same on values the caller already read. incremented, fieldIn and setFieldIn let a script fold a counter's
     HINCRBY into an HSET and keep an HGETALL reply current instead of reading the hash again. ]]
local function removeJobKeys(jobKey)
  return rcall("DEL", jobKey, jobKey .. ":logs", jobKey .. ":dependencies",
    jobKey .. ":processed", jobKey .. ":failed", jobKey .. ":unsuccessful")
end

local function splitJobKey(jobKey)
  local id = string.match(jobKey, ".*:(.+)$")
  if not id then return nil, nil end
  return id, string.sub(jobKey, 1, #jobKey - #id)
end

local function numberOf(value)
  local n = tonumber(value)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then return nil end
  return n
end

local function isCounter(value)
  return value == "0" or (#value <= 19 and string.match(value, "^%-?[1-9]%d*$") ~= nil
    and (#value < 19 or string.sub(value, 1, 1) == "-"))
end

-- values: the job's ats, atm and stc (false when absent) at indexes 1-3, as an HMGET of them returns
local function corruptCounterIn(values)
  local names = {"ats", "atm", "stc"}
  for i = 1, 3 do
    if values[i] and not isCounter(values[i]) then return names[i], values[i] end
  end
  return nil
end

local function corruptCounter(jobKey)
  return corruptCounterIn(rcall("HMGET", jobKey, "ats", "atm", "stc"))
end

-- what HINCRBY 1 would store for a counter now `value` (false: absent), so the write can join an HSET; nil when
-- the value has too many digits for Lua's doubles to add exactly (the caller runs HINCRBY then)
local function incremented(value)
  if not value then return "1" end
  if #value > 15 then return nil end
  return string.format("%d", tonumber(value) + 1)
end

-- a field's value in an HGETALL reply (nil when absent)
local function fieldIn(flat, name)
  for i = 1, #flat, 2 do
    if flat[i] == name then return flat[i + 1] end
  end
  return nil
end

-- sets a field in an HGETALL reply as HSET sets it in the hash (in place, else appended)
local function setFieldIn(flat, name, value)
  for i = 1, #flat, 2 do
    if flat[i] == name then
      flat[i + 1] = value
      return
    end
  end
  flat[#flat + 1] = name
  flat[#flat + 1] = value
end

local function checkLock(jobKey, token)
  if token == "0" then return 0 end
  local current = rcall("GET", jobKey .. ":lock")
  if not current then return -2 end
  if current ~= token then return -6 end
  return 0
end

local function checkAndReleaseLock(jobKey, token)
  local rc = checkLock(jobKey, token)
  if rc == 0 and token ~= "0" then rcall("DEL", jobKey .. ":lock") end
  return rc
end
