--[[ The finish of one active job, shared by moveToFinished-14 (one job per call) and finishBatch-15 (several jobs of
     one queue per call, in order); see moveToFinished-14.lua for what a finish does, its arguments and its reply.
     `K` = {target set, job key, metrics key} (moveToFinished's KEYS 12-14); `A` = the job's arguments, indexed as
     moveToFinished's ARGV (A[1] key prefix ... A[17] next lock token).
     `batch` is nil for a lone call. In a batch it holds the work the calls share, done once per script call
     instead of once per job, where that leaves Redis exactly as the same finishes made one call at a time:
       batch.meta       the queue's meta, read by the first job that needs it (no finish writes meta);
       batch.stalled    ids to SREM from `stalled` when the batch ends (nothing in a finish or fetch reads it);
       batch.activated  true once a fetch activated a job: the "0" marker is ZADDed once when the batch ends
                        (ZADD of the same member and score is idempotent, and nothing in a batch reads the marker);
       batch.promoteDue(now) whether the fetch must look for due delayed jobs (see finishBatch-15.lua).
     Per-job errors are replies, never raised, so one job's lost lock leaves the others of a batch alone. ]]
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include jobKeys
--@include deduplication
--@include flowParent
--@include deleteJob
--@include finished
--@include failCorruptJob
--@include fetchNextJob

local function finishJob(k, K, A, batch)
  local keyPrefix, jobId, token, now = A[1], A[2], A[3], tonumber(A[4])
  local targetKey, jobKey, metricsKey = K[1], K[2], K[3]
  local completed = A[5] == "completed"
  local fetchNext = A[10] == "1"

  -- the reply of this very call's earlier run, when it already ran; else `code`
  local function repeatedOr(code)
    -- a lock token reused for the next job (BullMQ's manual processing) says nothing about an earlier run
    local fetched = fetchNext and A[17] ~= token and fetchedUnder(k, keyPrefix, A[17])
    if fetched then return fetchedReply(k, keyPrefix, fetched) end
    if tonumber(rcall("ZSCORE", targetKey, jobId)) == now and tonumber(rcall("HGET", jobKey, "finishedOn")) == now then
      return {"", {}, 0, 0}
    end
    return code
  end

  if rcall("EXISTS", jobKey) == 0 then return repeatedOr(-1) end
  -- one EXISTS answers both refusal checks in the usual case (empty sets and zsets do not exist in Redis)
  if completed and rcall("EXISTS", jobKey .. ":dependencies", jobKey .. ":unsuccessful") ~= 0 then
    if rcall("SCARD", jobKey .. ":dependencies") ~= 0 then return -4 end
    if rcall("ZCARD", jobKey .. ":unsuccessful") ~= 0 then return -9 end
  end
  local rc = checkAndReleaseLock(jobKey, token)
  if rc < 0 then return repeatedOr(rc) end
  if rcall("LREM", k.active, -1, jobId) == 0 then return -3 end
  local meta
  if batch then
    batch.stalled[#batch.stalled + 1] = jobId
    batch.meta = batch.meta or readWorkerMeta(k.meta)
    meta = batch.meta
  else
    rcall("SREM", k.stalled, jobId)
    meta = readWorkerMeta(k.meta)
  end
  local maxLen = meta.maxLen

  local fields = rcall("HMGET", jobKey, "ats", "atm", "stc", "deid", "parent", "parentKey")
  local corruptField, corruptValue = corruptCounterIn(fields)
  if corruptField then
    failCorruptJob(keyPrefix, jobId, corruptField, corruptValue, now, k.events, maxLen)
  else
    releaseDedupOnFinish(keyPrefix, fields[4], jobId)
    updateParentOnFinish(jobKey, fields[5], fields[6], completed, A[6], now)
    local keepCount = tonumber(A[8])
    -- atm + 1 joins the finishing HSET (a job deleted at once needs only the number, for the event)
    local attemptsMade = incremented(fields[2])
    local update = {}
    if not attemptsMade then
      attemptsMade = rcall("HINCRBY", jobKey, "atm", 1)
    elseif keepCount ~= 0 then
      update = {"atm", attemptsMade}
    end
    if keepCount == 0 then
      removeJobKeys(jobKey)
      leaveParent(jobKey, fields[6], false, keyPrefix)
    else
      rcall("ZADD", targetKey, now, jobId)
      for _, v in ipairs({completed and "returnvalue" or "failedReason", A[6], "finishedOn", now}) do
        update[#update + 1] = v
      end
      if not completed and A[7] ~= "" then
        update[#update + 1] = "stacktrace"
        update[#update + 1] = A[7]
      end
      rcall("HSET", jobKey, unpack(update))
      if not completed then rcall("HDEL", jobKey, "defa") end
      trimFinished(targetKey, keyPrefix, keepCount, tonumber(A[9]), now, 1000)
    end
    if completed then
      emitEvent(k.events, maxLen, "event", "completed", "jobId", jobId, "returnvalue", A[6], "prev", "active")
    else
      emitEvent(k.events, maxLen, "event", "failed", "jobId", jobId, "failedReason", A[6], "prev", "active")
      if A[16] == "1" then
        emitEvent(k.events, maxLen, "event", "retries-exhausted", "jobId", jobId, "attemptsMade", attemptsMade)
      end
    end
    if A[15] ~= "0" then collectMetrics(metricsKey, tonumber(A[15]), now) end
  end

  local nextJob = {"", {}, 0, 0}
  if fetchNext then
    nextJob = fetchNextJob(k, keyPrefix, A[17], tonumber(A[11]), now, A[12], tonumber(A[13]), tonumber(A[14]), meta,
      batch)
  end
  if (not fetchNext or nextJob.idle) and rcall("LLEN", k.wait) == 0 and rcall("LLEN", k.active) == 0
      and rcall("ZCARD", k.prioritized) == 0 then
    emitEvent(k.events, maxLen, "event", "drained")
  end
  return nextJob
end
