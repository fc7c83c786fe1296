--[[ Adds the jobs of one addBulk to one queue in one call, in the order given, each exactly as its own addJob-10 call
     would (see that script: arguments, replies, error codes), and replies with one addJob-10 reply per job. The
     queue's meta is read once per call instead of once per job (includes/addJob says why that changes nothing).
  KEYS: 1-10 as addJob-10
  ARGV: 1 key prefix "P:Q:", then per job 15 arguments: addJob-10's ARGV 2-16 (custom id ... child job keys)
  Returns: an array with one addJob-10 reply per job (an id string or an integer code), in order. When a job's add
           raised (a bug or data Redis refuses), its element is a one-element array holding the message, which no
           addJob-10 reply is, and the array ends there: the jobs after it did not run, and the caller sends them
           again, so that each job is added exactly once, as in a pipeline of lone calls. ]]
local rcall = redis.call
--@include addJob

local shared = {}
local replies = {}
for i = 2, #ARGV, 15 do
  local A = {ARGV[1]}
  for j = 0, 14 do A[j + 2] = ARGV[i + j] end
  local ok, reply = pcall(addJob, KEYS, A, shared)
  if not ok then
    replies[#replies + 1] = {type(reply) == "table" and tostring(reply.err) or tostring(reply)}
    break
  end
  replies[#replies + 1] = reply
end
return replies
