--[[ Ready jobs. readyList picks the list new ready jobs join: `paused` only when the queue is paused and a legacy v5
     pause left that list in place (so a v5 resume, which RENAMEs it over wait, keeps them); otherwise `wait`.
     addToReady: priority 0 joins the list (LPUSH; lifo RPUSH, i.e. next to run), any other priority the prioritized
     zset scored priority*2^32 + (INCR pc mod 2^32); it sets the "0" marker unless the queue is paused.
     Hot paths that already read meta.paused pass it to readyListWhen instead of letting readyList re-read it.
     isPausedOrMaxed: paused, or meta.concurrency reached by LLEN active (BullMQ sets no "0" marker then). ]]
local function isPaused(metaKey)
  return rcall("HEXISTS", metaKey, "paused") == 1
end

local function isPausedOrMaxed(metaKey, activeKey)
  local m = rcall("HMGET", metaKey, "paused", "concurrency")
  if m[1] then return true end
  local concurrency = tonumber(m[2])
  return concurrency ~= nil and rcall("LLEN", activeKey) >= concurrency
end

local function readyListWhen(paused, waitKey, pausedKey)
  if paused and rcall("EXISTS", pausedKey) == 1 then return pausedKey end
  return waitKey
end

local function readyList(metaKey, waitKey, pausedKey)
  return readyListWhen(isPaused(metaKey), waitKey, pausedKey)
end

-- INCR pc; a counter that is not an integer (corrupt) starts over instead of making the script raise halfway
local function nextPriorityCounter(pcKey)
  local n = redis.pcall("INCR", pcKey)
  if type(n) == "table" then
    rcall("SET", pcKey, 1)
    return 1
  end
  return n
end

local function addToReady(listKey, prioritizedKey, pcKey, markerKey, jobId, priority, lifo, wake)
  if priority > 0 then
    local n = nextPriorityCounter(pcKey) % 4294967296
    rcall("ZADD", prioritizedKey, priority * 4294967296 + n, jobId)
  elseif lifo then
    rcall("RPUSH", listKey, jobId)
  else
    rcall("LPUSH", listKey, jobId)
  end
  if wake then rcall("ZADD", markerKey, 0, "0") end
end
