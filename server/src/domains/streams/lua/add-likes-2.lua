--[[ Adds a viewer's likes to a stream's total, at most a set number per viewer per second.
  KEYS[1] stream:{id}:likes  KEYS[2] stream:{id}:like-rate
  ARGV[1] userId  ARGV[2] count  ARGV[3] nowMs  ARGV[4] likes allowed per viewer per second
  Returns {total, accepted, retryAfterMs}: accepted may be fewer than count (the rest are dropped);
  0 accepted means the viewer's likes for this second are used up, retryAfterMs until the next. ]]
local userId, count, nowMs, perSec = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local second = math.floor(nowMs / 1000)
local used = 0
-- The viewer's likes in this second of the clock, as `second|count` (the hash lapses 2 s after the last like).
local seen = redis.call('HGET', KEYS[2], userId)
if seen then
  local seenSecond, seenCount = string.match(seen, '^(%d+)|(%d+)$')
  if tonumber(seenSecond) == second then used = tonumber(seenCount) end
end
local accepted = math.max(0, math.min(count, perSec - used))
local total
if accepted > 0 then
  total = redis.call('INCRBY', KEYS[1], accepted)
  redis.call('HSET', KEYS[2], userId, string.format('%d|%d', second, used + accepted))
  redis.call('PEXPIRE', KEYS[2], 2000)
else
  total = tonumber(redis.call('GET', KEYS[1]) or '0')
end
return {total, accepted, (second + 1) * 1000 - nowMs}
