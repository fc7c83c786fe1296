--[[ Add-once markers (Queue.addOnce, FlowProducer.addOnce). The key P:Q:once:<id> holds the token of the add call
     that made the add, for a ttl that outlives its job. A later call (another token) finds it and adds nothing, even
     when the job completed and was removed meanwhile; the calls of one flow share a token, so every job of the flow
     is written under the marker its root claimed.
     claimAddOnce(key, token, ttlMs) returns false when the marker names another call, else claims it (key "":
     no marker, true). ]]

local function claimAddOnce(key, token, ttlMs)
  if key == "" then return true end
  local holder = rcall("GET", key)
  if holder and holder ~= token then return false end
  rcall("SET", key, token, "PX", ttlMs)
  return true
end
