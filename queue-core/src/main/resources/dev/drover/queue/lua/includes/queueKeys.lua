--[[ The eleven queue keys every worker-side script receives first, in this order (see QueueKeys.workerKeys()). ]]
local function workerKeys()
  return {wait = KEYS[1], active = KEYS[2], prioritized = KEYS[3], events = KEYS[4], stalled = KEYS[5],
    limiter = KEYS[6], delayed = KEYS[7], paused = KEYS[8], meta = KEYS[9], pc = KEYS[10], marker = KEYS[11]}
end
