--[[ Changes a job's priority (hash `priority`; opts keep the original), as BullMQ's: in any state. A ready job moves
  to where the new priority puts it: priority 0 joins wait (LPUSH; lifo RPUSH, i.e. next to run), any other the
  prioritized zset scored priority*2^32 + (INCR pc mod 2^32), or with lifo priority*2^32 (first of its priority, no
  counter); the "0" marker is set unless the queue is paused or maxed (not for a lifo prioritized job, as BullMQ).
  Any other job (delayed, waiting for children, running, finished) only records the priority.
  KEYS: 1 job key, 2 wait, 3 prioritized, 4 pc, 5 meta, 6 marker, 7 active
  ARGV: 1 job id, 2 priority (0..2^21-1), 3 lifo "1"/"0"
  Returns: 0; -1 job missing ]]
local rcall = redis.call
--@include addToReady

local jobId, priority, lifo = ARGV[1], tonumber(ARGV[2]), ARGV[3] == "1"
if rcall("EXISTS", KEYS[1]) == 0 then return -1 end
if rcall("ZREM", KEYS[3], jobId) > 0 or rcall("LREM", KEYS[2], -1, jobId) > 0 then
  if priority > 0 and lifo then
    rcall("ZADD", KEYS[3], priority * 4294967296, jobId)
  else
    addToReady(KEYS[2], KEYS[3], KEYS[4], KEYS[6], jobId, priority, lifo, not isPausedOrMaxed(KEYS[5], KEYS[7]))
  end
end
rcall("HSET", KEYS[1], "priority", priority)
return 0
