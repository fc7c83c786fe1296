--[[ Removes jobs of one state older than a grace cutoff. Finished sets are judged by their score (finishedOn);
  other states by the job's `timestamp`. Locked (running) jobs are never removed.
  KEYS: 1 the state's key, 2 events, 3 meta
  ARGV: 1 key prefix, 2 cutoff ms (remove jobs at or before it), 3 limit (0 no limit),
        4 kind: "finished" | "zset" | "list"
  Returns: the removed ids ]]
local rcall = redis.call
--@include emitEvent
--@include jobKeys

local setKey, keyPrefix, cutoff, limit, kind = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local removed = {}
local function full() return limit > 0 and #removed >= limit end
local function removeOne(id)
  local jobKey = keyPrefix .. id
  if rcall("EXISTS", jobKey .. ":lock") == 1 then return end
  if kind == "list" then rcall("LREM", setKey, 0, id) else rcall("ZREM", setKey, id) end
  removeJobKeys(jobKey)
  removed[#removed + 1] = id
end

local candidates
if kind == "finished" then
  if limit > 0 then
    candidates = rcall("ZRANGEBYSCORE", setKey, "-inf", cutoff, "LIMIT", 0, limit)
  else
    candidates = rcall("ZRANGEBYSCORE", setKey, "-inf", cutoff)
  end
elseif kind == "zset" then
  candidates = rcall("ZRANGE", setKey, 0, -1)
else
  candidates = rcall("LRANGE", setKey, 0, -1)
end
for _, id in ipairs(candidates) do
  if full() then break end
  local ts = tonumber(rcall("HGET", keyPrefix .. id, "timestamp"))
  if kind == "finished" or ts == nil or ts <= cutoff then removeOne(id) end
end
emitEvent(KEYS[2], maxEvents(KEYS[3]), "event", "cleaned", "count", #removed)
return removed
