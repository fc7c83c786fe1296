--[[ Fetches the next job for a worker (see includes/fetchNextJob).
  KEYS: 1 wait, 2 active, 3 prioritized, 4 events, 5 stalled, 6 limiter, 7 delayed, 8 paused, 9 meta, 10 pc, 11 marker
  ARGV: 1 key prefix, 2 lock token, 3 lockDuration ms, 4 now ms, 5 worker name or "", 6 worker limiter max (0 none),
        7 worker limiter duration ms
  Returns: {jobId or "", {job hash fields}, rateLimitTtl ms, nextDelayTimestamp ms} ]]
local rcall = redis.call
--@include queueKeys
--@include emitEvent
--@include addToReady
--@include delayed
--@include fetchNextJob

local k = workerKeys()
return fetchNextJob(k, ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5],
  tonumber(ARGV[6]), tonumber(ARGV[7]), readWorkerMeta(k.meta))
