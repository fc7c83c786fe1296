--[[ Corrupt jobs. A job hash whose counters (ats, atm, stc) are not integers would make HINCRBY raise halfway
     through a script and strand the job in no list. Scripts check with corruptCounter before changing anything and
     fail such a job instead: failCorruptJob scores it now in `failed` with failedReason "job hash field <field> is
     not an integer: '<value>'" and finishedOn, emits `failed` {prev active}, releases its deduplication id and
     tells its flow parent, as for any failed job; its counters are left as found (evidence). The caller has
     already taken the job out of its list and released its lock. Returns the reason. ]]
--@include emitEvent
--@include deduplication
--@include flowParent

local function failCorruptJob(keyPrefix, jobId, field, value, now, eventsKey, maxLen)
  local jobKey = keyPrefix .. jobId
  local reason = "job hash field " .. field .. " is not an integer: '" .. string.sub(value, 1, 64) .. "'"
  rcall("ZADD", keyPrefix .. "failed", now, jobId)
  rcall("HSET", jobKey, "failedReason", reason, "finishedOn", now)
  rcall("HDEL", jobKey, "defa")
  emitEvent(eventsKey, maxLen, "event", "failed", "jobId", jobId, "failedReason", reason, "prev", "active")
  local links = rcall("HMGET", jobKey, "deid", "parent", "parentKey")
  releaseDedupOnFinish(keyPrefix, links[1], jobId)
  updateParentOnFinish(jobKey, links[2], links[3], false, reason, now)
  return reason
end
