--[[ Deletes a whole queue, at most `batch` jobs per call (Queue.obliterate calls it until done). Refuses unless the
     queue is paused, and while jobs are active unless forced. Jobs go in BullMQ's order (active, with their locks;
     delayed; job schedulers; completed; wait; paused; prioritized; failed), then waiting-children (BullMQ leaves
     those behind), each through includes/deleteJob in hard mode (deduplication ids released, flow parents in
     other queues move on); then the queue's own keys.
  KEYS: 1 meta, 2 events
  ARGV: 1 key prefix "P:Q:", 2 batch size (jobs per call), 3 force "1"/"0"
  Returns: 0 done, 1 more to delete (call again); -21 queue not paused, -22 active jobs and not forced ]]
local rcall = redis.call
--@include deleteJob

local keyPrefix, budget = ARGV[1], tonumber(ARGV[2])
if rcall("HEXISTS", KEYS[1], "paused") == 0 then return -21 end
if ARGV[3] ~= "1" and rcall("LLEN", keyPrefix .. "active") > 0 then return -22 end

local function dropList(key, withLocks)
  while budget > 0 do
    local id = rcall("LPOP", key)
    if not id then return end
    deleteJob(keyPrefix, id, true, true)
    -- deleteJob leaves a lock (a deleted job is one nobody holds); the active jobs' locks go with them here
    if withLocks then rcall("DEL", keyPrefix .. id .. ":lock") end
    budget = budget - 1
  end
end
local function dropZset(key)
  while budget > 0 do
    local popped = rcall("ZPOPMIN", key)
    if not popped[1] then return end
    deleteJob(keyPrefix, popped[1], true, true)
    budget = budget - 1
  end
end
local function dropSchedulers()
  while budget > 0 do
    local popped = rcall("ZPOPMIN", keyPrefix .. "repeat")
    if not popped[1] then return end
    rcall("DEL", keyPrefix .. "repeat:" .. popped[1])
    budget = budget - 1
  end
end

dropList(keyPrefix .. "active", true)
dropZset(keyPrefix .. "delayed")
dropSchedulers()
dropZset(keyPrefix .. "completed")
dropList(keyPrefix .. "wait")
dropList(keyPrefix .. "paused")
dropZset(keyPrefix .. "prioritized")
dropZset(keyPrefix .. "failed")
dropZset(keyPrefix .. "waiting-children")
if budget <= 0 then return 1 end
rcall("DEL", KEYS[2], keyPrefix .. "delay", keyPrefix .. "stalled-check", keyPrefix .. "stalled", keyPrefix .. "id",
  keyPrefix .. "pc", keyPrefix .. "marker", KEYS[1], keyPrefix .. "metrics:completed",
  keyPrefix .. "metrics:completed:data", keyPrefix .. "metrics:failed", keyPrefix .. "metrics:failed:data",
  keyPrefix .. "limiter")
return 0
