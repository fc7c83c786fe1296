--[[ Cleans one state of a queue, one page per call; Queue.clean calls it until it answers done. Which jobs go is
  BullMQ's rule for the state (its cleanJobsInSet), the `limit` applying as there:
  - finished sets (completed, failed; also waiting-children): jobs scored (finishedOn) 0..cutoff, oldest first, up
    to `limit` removed;
  - delayed, prioritized: in score order, within the first `limit` jobs when limited, those whose processedOn or
    else timestamp (prioritized: timestamp) is at or before the cutoff, or missing;
  - wait, paused, active: from the tail (oldest first), within the last `limit` ids when limited, those whose
    finishedOn, else processedOn, else timestamp is at or before the cutoff, or missing; active jobs holding a
    lock stay.
  A job scheduler's pending next job always stays. Removal goes through includes/deleteJob in hard mode (flow
  parents, deduplication ids), with no per-job event; the last call emits cleaned{count} for the whole clean.
  Pages: at most `batch` ids are looked at per call. Ids looked at and kept stay at the scanning end (zset: the
  lowest ranks; list: the tail), so `cursor`, the number kept so far, says where the next page starts.
  KEYS: 1 the state's key, 2 events, 3 meta, 4 repeat
  ARGV: 1 key prefix, 2 cutoff ms, 3 state: "finished" | "delayed" | "prioritized" | "wait" | "active",
        4 batch size, 5 limit (0 none), 6 cursor, 7 jobs removed by earlier calls of this clean
  Returns: {{removed ids}, new cursor, 1 done / 0 call again} ]]
local rcall = redis.call
--@include emitEvent
--@include deleteJob

local key, keyPrefix, cutoff, state = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local batch, limit, cursor, removedBefore = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local DELETED = "\0drover:cleaned"

-- how many ids this call may look at, and whether the clean's limit stops it afterwards
local want = batch
if limit > 0 then
  local left = state == "finished" and limit - removedBefore or limit - removedBefore - cursor
  want = math.max(math.min(batch, left), 0)
end

local ATTRIBUTES = {delayed = {"processedOn", "timestamp"}, prioritized = {"timestamp"},
  wait = {"finishedOn", "processedOn", "timestamp"}, active = {"finishedOn", "processedOn", "timestamp"}}

-- the job's first stored time among `attributes` is at or before the cutoff, or it has none
local function isOld(id)
  for _, v in ipairs(rcall("HMGET", keyPrefix .. id, unpack(ATTRIBUTES[state]))) do
    if v then
      local ts = numberOf(v)
      return ts ~= nil and ts <= cutoff
    end
  end
  return true
end

local function removable(id)
  if state == "active" and rcall("EXISTS", keyPrefix .. id .. ":lock") == 1 then return false end
  return not isSchedulerJob(id, keyPrefix .. id, KEYS[4]) and isOld(id)
end

local page, removed = {}, {}
if want > 0 then
  if state == "finished" then
    page = rcall("ZRANGEBYSCORE", key, 0, cutoff, "LIMIT", 0, want)
  elseif state == "delayed" or state == "prioritized" then
    page = rcall("ZRANGEBYSCORE", key, 0, "+inf", "LIMIT", cursor, want)
  else
    page = rcall("LRANGE", key, -(cursor + want), -(cursor + 1))
  end
end
local isList = state == "wait" or state == "active"
for i, id in ipairs(page) do
  if state == "finished" or removable(id) then
    if isList then rcall("LSET", key, -(cursor + 1) - #page + i, DELETED) end
    deleteJob(keyPrefix, id, true, true)
    removed[#removed + 1] = id
  end
end
if #removed > 0 then
  if isList then rcall("LREM", key, -#removed, DELETED) else rcall("ZREM", key, unpack(removed)) end
end
if state ~= "finished" then cursor = cursor + #page - #removed end

local done = #page < want or want == 0
  or (limit > 0 and (state == "finished" and removedBefore + #removed or removedBefore + cursor + #removed) >= limit)
if done then
  emitEvent(KEYS[2], maxEvents(KEYS[3]), "event", "cleaned", "count", removedBefore + #removed)
end
return {removed, cursor, done and 1 or 0}
