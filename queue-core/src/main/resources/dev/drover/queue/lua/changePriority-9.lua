--[[ Changes a job's priority (hash `priority`; opts keep the original, as in BullMQ).
  A ready job moves to where the new priority puts it: priority 0 joins the ready list (LPUSH; lifo RPUSH, i.e. next
  to run), any other the prioritized zset scored priority*2^32 + (INCR pc mod 2^32), or with lifo priority*2^32
  (first of its priority, no counter). A delayed or waiting-children job only records the priority, used when it
  becomes ready. Running and finished jobs are refused.
  KEYS: 1 job key, 2 wait, 3 paused, 4 prioritized, 5 pc, 6 meta, 7 marker, 8 delayed, 9 waiting-children
  ARGV: 1 job id, 2 priority (0..2^21-1), 3 lifo "1"/"0"
  Returns: 0; -1 job missing; -3 job neither ready, delayed nor waiting for children ]]
local rcall = redis.call
--@include addToReady

local jobId, priority, lifo = ARGV[1], tonumber(ARGV[2]), ARGV[3] == "1"
if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
local ready = rcall("ZREM", KEYS[4], jobId) == 1 or rcall("LREM", KEYS[2], 0, jobId) > 0
  or rcall("LREM", KEYS[3], 0, jobId) > 0
if not ready and not rcall("ZSCORE", KEYS[8], jobId) and not rcall("ZSCORE", KEYS[9], jobId) then return -3 end
rcall("HSET", KEYS[1], "priority", priority)
if not ready then return 0 end
local wake = not isPaused(KEYS[6])
if priority > 0 and lifo then
  rcall("ZADD", KEYS[4], priority * 4294967296, jobId)
  if wake then rcall("ZADD", KEYS[7], 0, "0") end
else
  addToReady(readyList(KEYS[6], KEYS[2], KEYS[3]), KEYS[4], KEYS[5], KEYS[7], jobId, priority, lifo, wake)
end
return 0
