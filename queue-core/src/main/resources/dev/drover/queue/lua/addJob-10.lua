--[[ Adds one job (plain, delayed, prioritized or lifo), optionally deduplicated, optionally a flow parent waiting
     for children or a flow child linked to its parent. As in BullMQ the id counter is INCRed by every add, custom
     id or not, and a child's parent must exist.
     An existing custom id is not added again (`duplicated` event) but, as a flow child, is linked to the new parent
     (parentKey/parent fields), unless it belongs to another parent that still exists (-7): if it already
     completed, its returnvalue counts for the parent at once (out of :dependencies into :processed, the parent
     moving on when none is pending, see includes/flowParent); otherwise the parent waits for it.
  KEYS: 1 wait, 2 paused, 3 meta, 4 id, 5 delayed, 6 prioritized, 7 pc, 8 marker, 9 events, 10 waiting-children
  ARGV: 1 key prefix "P:Q:", 2 custom job id or "", 3 name, 4 data JSON, 5 opts JSON, 6 timestamp ms,
        7 delay ms, 8 priority, 9 lifo "1"/"0", 10 deduplication id or "", 11 deduplication ttl ms (0 none),
        12 dedup extend "1"/"0", 13 dedup replace "1"/"0", 14 parent job key or "", 15 parent field JSON or "",
        16 JSON array of child job keys the job waits for, or "" (then the job starts in waiting-children),
        17 add-once marker key or "" (Queue.addOnce), 18 the calling add's token, 19 the marker's ttl ms
  Returns: the job id; an existing custom id is returned unchanged, and a deduplicated add returns the id of the
           job owning the deduplication id; 0 the add-once marker names an earlier add (nothing written);
           -5 the parent job does not exist, -7 the existing job belongs to another parent ]]
local rcall = redis.call
--@include addJob

return addJob(KEYS, ARGV, nil)
