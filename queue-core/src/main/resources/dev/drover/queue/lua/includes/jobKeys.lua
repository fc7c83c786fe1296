--[[ Job key helpers. removeJobKeys deletes a job hash and every key hanging off it. checkAndReleaseLock verifies
     that `token` owns the job's lock (token "0" means no lock, BullMQ's manual mode) and deletes it:
     0 ok, -2 lock missing, -6 lock held by another token. ]]
local function removeJobKeys(jobKey)
  rcall("DEL", jobKey, jobKey .. ":logs", jobKey .. ":lock", jobKey .. ":dependencies",
    jobKey .. ":processed", jobKey .. ":failed", jobKey .. ":unsuccessful")
end

local function checkLock(jobKey, token)
  if token == "0" then return 0 end
  local current = rcall("GET", jobKey .. ":lock")
  if not current then return -2 end
  if current ~= token then return -6 end
  return 0
end

local function checkAndReleaseLock(jobKey, token)
  local rc = checkLock(jobKey, token)
  if rc == 0 and token ~= "0" then rcall("DEL", jobKey .. ":lock") end
  return rc
end
