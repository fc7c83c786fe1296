--[[ Deletes a whole queue (jobs, their deduplication ids, job schedulers), in batches. Refuses unless the queue is
     paused, and while jobs are active unless forced.
  KEYS: 1 meta, 2 events
  ARGV: 1 key prefix "P:Q:", 2 batch size (jobs per call), 3 force "1"/"0"
  Returns: 0 done, 1 more to delete (call again); -7 queue not paused, -8 active jobs and not forced ]]
local rcall = redis.call
--@include jobKeys
--@include deduplication

local keyPrefix, budget = ARGV[1], tonumber(ARGV[2])
if rcall("HEXISTS", KEYS[1], "paused") == 0 then return -7 end
if ARGV[3] ~= "1" and rcall("LLEN", keyPrefix .. "active") > 0 then return -8 end

local function dropList(key)
  while budget > 0 do
    local id = rcall("RPOP", key)
    if not id then return end
    releaseDeduplication(keyPrefix, keyPrefix .. id, id, false)
    removeJobKeys(keyPrefix .. id)
    budget = budget - 1
  end
end
local function dropZset(key, memberPrefix)
  while budget > 0 do
    local popped = rcall("ZPOPMIN", key)
    if not popped[1] then return end
    releaseDeduplication(keyPrefix, keyPrefix .. memberPrefix .. popped[1], popped[1], false)
    removeJobKeys(keyPrefix .. memberPrefix .. popped[1])
    budget = budget - 1
  end
end
for _, s in ipairs({"active", "wait", "paused"}) do dropList(keyPrefix .. s) end
for _, s in ipairs({"prioritized", "delayed", "completed", "failed", "waiting-children"}) do
  dropZset(keyPrefix .. s, "")
end
-- scheduler ids live in `repeat`; their hashes are repeat:<id>, not job keys
dropZset(keyPrefix .. "repeat", "repeat:")
if budget <= 0 then return 1 end
rcall("DEL", KEYS[2], keyPrefix .. "id", keyPrefix .. "pc", keyPrefix .. "marker", keyPrefix .. "limiter",
  keyPrefix .. "stalled", keyPrefix .. "stalled-check", keyPrefix .. "metrics:completed",
  keyPrefix .. "metrics:completed:data", keyPrefix .. "metrics:failed", keyPrefix .. "metrics:failed:data",
  KEYS[1])
return 0
