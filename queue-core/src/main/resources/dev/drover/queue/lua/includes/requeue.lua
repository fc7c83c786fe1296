--[[ Requeueing finished jobs (retry). forgetOutcome clears what a finish left on a job retried from `state`
     (finishedOn, processedOn, and returnvalue or failedReason) and the deferred failure `defa`, a one-shot that
     must not fail the new attempt (BullMQ drops it when the job fails, so a retried job never carries it).
     rejoinParent puts a retried flow child back among its parent's pending :dependencies (out of :processed, or
     out of :unsuccessful or :failed), as BullMQ does; a parent that already left waiting-children stays where it
     is. ]]
local function forgetOutcome(jobKey, state)
  rcall("HDEL", jobKey, "finishedOn", "processedOn", state == "completed" and "returnvalue" or "failedReason",
    "defa")
end

local function rejoinParent(jobKey, state)
  local parentKey = rcall("HGET", jobKey, "parentKey")
  if not parentKey or rcall("EXISTS", parentKey) == 0 then return end
  local rejoined
  if state == "failed" then
    rejoined = rcall("ZREM", parentKey .. ":unsuccessful", jobKey) == 1 or
      rcall("HDEL", parentKey .. ":failed", jobKey) == 1
  else
    rejoined = rcall("HDEL", parentKey .. ":processed", jobKey) == 1
  end
  if rejoined then rcall("SADD", parentKey .. ":dependencies", jobKey) end
end
