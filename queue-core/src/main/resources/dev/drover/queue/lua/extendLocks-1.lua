--[[ Renews many job locks in one call; each renewed job leaves the stalled set.
  KEYS: 1 stalled
  ARGV: 1 key prefix, 2 lockDuration ms, then pairs: job id, lock token
  Returns: the ids whose lock was missing or held by another token (lost locks) ]]
local rcall = redis.call
local lost = {}
for i = 3, #ARGV, 2 do
  local jobId, token = ARGV[i], ARGV[i + 1]
  local lockKey = ARGV[1] .. jobId .. ":lock"
  if rcall("GET", lockKey) == token then
    rcall("SET", lockKey, token, "PX", ARGV[2])
    rcall("SREM", KEYS[1], jobId)
  else
    lost[#lost + 1] = jobId
  end
end
return lost
