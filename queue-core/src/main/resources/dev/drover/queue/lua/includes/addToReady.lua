--[[ Ready jobs. readyList picks the list new ready jobs join: `paused` only when the queue is paused and a legacy v5
     pause left that list in place (so a v5 resume, which RENAMEs it over wait, keeps them); otherwise `wait`.
     addToReady: priority 0 joins the list (LPUSH; lifo RPUSH, i.e. next to run), any other priority the prioritized
     zset scored priority*2^32 + (INCR pc mod 2^32); it sets the "0" marker unless the queue is paused.
     Hot paths that already read meta.paused pass it to readyListWhen instead of letting readyList re-read it. ]]
local function isPaused(metaKey)
  return rcall("HEXISTS", metaKey, "paused") == 1
end

local function readyListWhen(paused, waitKey, pausedKey)
  if paused and rcall("EXISTS", pausedKey) == 1 then return pausedKey end
  return waitKey
end

local function readyList(metaKey, waitKey, pausedKey)
  return readyListWhen(isPaused(metaKey), waitKey, pausedKey)
end

local function addToReady(listKey, prioritizedKey, pcKey, markerKey, jobId, priority, lifo, wake)
  if priority > 0 then
    local n = rcall("INCR", pcKey) % 4294967296
    rcall("ZADD", prioritizedKey, priority * 4294967296 + n, jobId)
  elseif lifo then
    rcall("RPUSH", listKey, jobId)
  else
    rcall("LPUSH", listKey, jobId)
  end
  if wake then rcall("ZADD", markerKey, 0, "0") end
end
