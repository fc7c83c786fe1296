--[[ Finishes several active jobs of one queue in one call, in the order given, each exactly as its own
     moveToFinished-14 call would (see that script: arguments, repeat recognition, replies, error codes), and replies
     with one moveToFinished reply per job. A job's error code (lost lock, missing job, pending children...) is its
     reply; nothing is raised for it, and the other jobs of the batch are finished all the same.
     The work the finishes share is done once per call (see includes/finishJob for why the state is the same as
     that of the same finishes made one call at a time): the queue's meta is read once, `stalled` gets one SREM and
     the "0" marker one ZADD at the end, and the due-delayed-jobs promotion that each fetch starts with is skipped
     while the lowest delayed score (read once, again after a promotion or a ZADD to `delayed` in this call) shows
     nothing due at the job's `now`: such a promotion would find nothing and change nothing.
  KEYS: 1-11 the worker keys (see moveToActive-11), 12 completed, 13 failed, 14 metrics:completed,
        15 metrics:failed
  ARGV: 1 key prefix, 2 "1": stop after a job whose fetch activated a job scheduler's job (`rjk`), else "0";
        then per job 16 arguments: moveToFinished-14's ARGV 2-17 (job id ... next lock token)
  Returns: an array with one moveToFinished-14 reply per job, in order. It ends early, and the jobs after its last
           element did not run, when a job's finish raised (its element is then the error message: a string, which
           no moveToFinished reply is), or after a scheduler's job was fetched when ARGV 2 asks for that: a client
           that writes the scheduler's next job as soon as the fetch answers (BullMQ's manual processing does) can
           then do so before the later finishes run, as it would between lone calls ]]
local rawcall = redis.call
local delayedKey = KEYS[7]
-- nil: the lowest delayed score is not known; false: `delayed` is empty
local lowestDelayed = nil
-- every command the finishes run goes through here, so that a ZADD to `delayed` (a flow parent delayed when its
-- last child finished) makes the lowest delayed score unknown again
local function rcall(cmd, key, ...)
  if key == delayedKey and cmd == "ZADD" then lowestDelayed = nil end
  return rawcall(cmd, key, ...)
end
--@include finishJob

local batch = {stalled = {}, activated = false}

function batch.promoteDue(now)
  if lowestDelayed == nil then
    local first = rawcall("ZRANGE", delayedKey, 0, 0, "WITHSCORES")
    lowestDelayed = first[2] and tonumber(first[2]) or false
  end
  if lowestDelayed == false or lowestDelayed > (now + 1) * 4096 - 1 then return false end
  lowestDelayed = nil -- the promotion about to run changes `delayed`
  return true
end

local k = workerKeys()
local keyPrefix = ARGV[1]
local stopAtScheduler = ARGV[2] == "1"
local replies = {}
for i = 3, #ARGV, 16 do
  local A = {keyPrefix}
  for j = 0, 15 do A[j + 2] = ARGV[i + j] end
  local completed = A[5] == "completed"
  local K = {completed and KEYS[12] or KEYS[13], keyPrefix .. A[2], completed and KEYS[14] or KEYS[15]}
  local ok, reply = pcall(finishJob, k, K, A, batch)
  if not ok then
    -- a command raised (a bug or data Redis refuses): as a lone call this job's script would have raised after
    -- the writes made so far; it gets the message as its reply and the jobs after it are not run (the reply is
    -- shorter), so that the caller sends them again and each job still runs exactly once
    replies[#replies + 1] = type(reply) == "table" and tostring(reply.err) or tostring(reply)
    break
  end
  replies[#replies + 1] = reply
  if stopAtScheduler and type(reply) == "table" and reply[1] ~= "" and fieldIn(reply[2], "rjk") then break end
end
if #batch.stalled > 0 then rcall("SREM", k.stalled, unpack(batch.stalled)) end
if batch.activated then rcall("ZADD", k.marker, 0, "0") end
return replies
