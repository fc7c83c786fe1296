--[[ Drains one state of a queue (wait, paused, prioritized or delayed), one page per call; Queue.drain calls it
  per state until done. Removes jobs as BullMQ's drain does: through includes/deleteJob in hard mode (a flow
  parent in this queue left without children goes too, one in another queue moves on), releasing deduplication
  ids, with no events; a job scheduler's pending next job stays. Pages are taken from the head (a list's left end,
  a zset's lowest scores) after the `cursor` ids kept there by earlier calls, at most `batch` ids each.
  KEYS: 1 the state's key, 2 repeat
  ARGV: 1 key prefix, 2 "list" | "zset", 3 cursor (ids kept at the head so far), 4 batch size
  Returns: {jobs removed, new cursor, 1 when more may remain else 0} ]]
local rcall = redis.call
--@include deleteJob

local key, keyPrefix, isList = KEYS[1], ARGV[1], ARGV[2] == "list"
local cursor, batch = tonumber(ARGV[3]), tonumber(ARGV[4])
local page
if isList then
  page = rcall("LRANGE", key, cursor, cursor + batch - 1)
else
  page = rcall("ZRANGE", key, cursor, cursor + batch - 1)
end
local kept, removed = {}, {}
for _, id in ipairs(page) do
  if isSchedulerJob(id, keyPrefix .. id, KEYS[2]) then
    kept[#kept + 1] = id
  else
    deleteJob(keyPrefix, id, true, true)
    removed[#removed + 1] = id
  end
end
if isList and #page > 0 then
  local head = {}
  if cursor > 0 then head = rcall("LRANGE", key, 0, cursor - 1) end
  rcall("LTRIM", key, cursor + #page, -1)
  -- the ids kept at the head go back in their order: earlier pages' first, then this page's
  for i = #kept, 1, -1 do rcall("LPUSH", key, kept[i]) end
  for i = #head, 1, -1 do rcall("LPUSH", key, head[i]) end
elseif #removed > 0 then
  rcall("ZREM", key, unpack(removed))
end
return {#removed, cursor + #kept, #page == batch and 1 or 0}
