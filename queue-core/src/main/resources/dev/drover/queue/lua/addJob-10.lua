--[[ Adds one job (plain, delayed, prioritized or lifo), optionally deduplicated, optionally a flow parent waiting
     for children or a flow child linked to its parent. As in BullMQ the id counter is INCRed by every add, custom
     id or not, and a child's parent must exist.
     An existing custom id is not added again (`duplicated` event) but, as a flow child, is linked to the new parent
     (parentKey/parent fields), unless it belongs to another parent that still exists (-7): if it already
     completed, its returnvalue counts for the parent at once (out of :dependencies into :processed, the parent
     moving on when none is pending, see includes/flowParent); otherwise the parent waits for it.
  KEYS: 1 wait, 2 paused, 3 meta, 4 id, 5 delayed, 6 prioritized, 7 pc, 8 marker, 9 events, 10 waiting-children
  ARGV: 1 key prefix "P:Q:", 2 custom job id or "", 3 name, 4 data JSON, 5 opts JSON, 6 timestamp ms,
        7 delay ms, 8 priority, 9 lifo "1"/"0", 10 deduplication id or "", 11 deduplication ttl ms (0 none),
        12 dedup extend "1"/"0", 13 dedup replace "1"/"0", 14 parent job key or "", 15 parent field JSON or "",
        16 JSON array of child job keys the job waits for, or "" (then the job starts in waiting-children),
        17 add-once marker key or "" (Queue.addOnce), 18 the calling add's token, 19 the marker's ttl ms
  Returns: the job id; an existing custom id is returned unchanged, and a deduplicated add returns the id of the
           job owning the deduplication id; 0 the add-once marker names an earlier add (nothing written);
           -5 the parent job does not exist, -7 the existing job belongs to another parent ]]
local rcall = redis.call
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deduplication
--@include flowParent
--@include addOnce

local keyPrefix, customId, name, data, opts = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local timestamp, delay, priority = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local dedupId, parentKey, parentField = ARGV[10], ARGV[14], ARGV[15]

if parentKey ~= "" and rcall("EXISTS", parentKey) == 0 then return -5 end
if not claimAddOnce(ARGV[17] or "", ARGV[18], ARGV[19]) then return 0 end
local counter = rcall("INCR", KEYS[4])
-- one read of meta serves the whole add; the events cap is stored on first use (as BullMQ does), so no HSETNX after
local meta = rcall("HMGET", KEYS[3], "paused", "opts.maxLenEvents")
local paused = meta[1] ~= false
local maxLen = tonumber(meta[2])
if not maxLen then
  rcall("HSETNX", KEYS[3], "opts.maxLenEvents", 10000)
  maxLen = tonumber(rcall("HGET", KEYS[3], "opts.maxLenEvents")) or 10000
end

-- an existing job added again as a flow child: link it to the new parent, counting its result if it completed
local function linkExistingChild(jobKey, jobId)
  local existingParent = rcall("HGET", jobKey, "parentKey")
  if existingParent and existingParent ~= parentKey and rcall("EXISTS", existingParent) == 1 then
    rcall("SREM", parentKey .. ":dependencies", jobKey)
    return -7
  end
  if rcall("ZSCORE", keyPrefix .. "completed", jobId) then
    rcall("SREM", parentKey .. ":dependencies", jobKey)
    rcall("HSET", parentKey .. ":processed", jobKey, rcall("HGET", jobKey, "returnvalue") or "null")
    local link = parentLink(parentField)
    if link then moveParentOnIfDone(link.queueKey, parentKey, link.id, timestamp) end
  else
    rcall("SADD", parentKey .. ":dependencies", jobKey)
  end
  rcall("HSET", jobKey, "parentKey", parentKey, "parent", parentField)
  return jobId
end

local jobId = customId
if jobId == "" then
  jobId = tostring(counter)
elseif rcall("EXISTS", keyPrefix .. jobId) == 1 then
  if parentKey ~= "" then
    local linked = linkExistingChild(keyPrefix .. jobId, jobId)
    if linked == -7 then return -7 end
  end
  emitEvent(KEYS[9], maxLen, "event", "duplicated", "jobId", jobId)
  return jobId
end
local dedup = {id = dedupId, ttl = tonumber(ARGV[11]), extend = ARGV[12] == "1", replace = ARGV[13] == "1"}
local owner = deduplicate(keyPrefix, dedup, jobId, KEYS[5], KEYS[9], maxLen)
if owner then return owner end

local jobKey = keyPrefix .. jobId
rcall("HSET", jobKey, "name", name, "data", data, "opts", opts, "timestamp", timestamp,
  "delay", delay, "priority", priority)
if dedupId ~= "" then rcall("HSET", jobKey, "deid", dedupId) end
if parentKey ~= "" then
  rcall("HSET", jobKey, "parentKey", parentKey, "parent", parentField)
  rcall("SADD", parentKey .. ":dependencies", jobKey)
end
emitEvent(KEYS[9], maxLen, "event", "added", "jobId", jobId, "name", name)

if ARGV[16] ~= "" then
  local children = cjson.decode(ARGV[16])
  for _, childKey in ipairs(children) do rcall("SADD", jobKey .. ":dependencies", childKey) end
  rcall("ZADD", KEYS[10], timestamp, jobId)
  emitEvent(KEYS[9], maxLen, "event", "waiting-children", "jobId", jobId)
elseif delay > 0 then
  local runAt = timestamp + delay
  rcall("ZADD", KEYS[5], delayedScore(KEYS[5], runAt), jobId)
  emitEvent(KEYS[9], maxLen, "event", "delayed", "jobId", jobId, "delay", runAt)
  -- even while paused, as BullMQ: the marker only says when to look, and a paused worker fetches nothing anyway
  setDelayMarker(KEYS[8], KEYS[5])
else
  local list = readyListWhen(paused, KEYS[1], KEYS[2])
  addToReady(list, KEYS[6], KEYS[7], KEYS[8], jobId, priority, ARGV[9] == "1", not paused)
  emitEvent(KEYS[9], maxLen, "event", "waiting", "jobId", jobId)
end
return jobId
