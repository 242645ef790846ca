--[[ Turn a buyer's live hold into an ordered one (its units stay taken; it no longer lapses).
  KEYS[1] sale:{id}:holds  KEYS[2] sale:{id}:hold-data  KEYS[3] sale:{id}:state
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] nowMs
  Returns the hold's quantity (> 0), or -1 NOT_FOUND, -2 HOLD_EXPIRED, -4 RESERVATION_ALREADY_ORDERED ]]
local data = redis.call('HGET', KEYS[2], ARGV[1])
if not data then return -1 end
local owner, quantity, status = string.match(data, '^([^|]+)|(%d+)|(%a+)$')
if owner ~= ARGV[2] then return -1 end
if status == 'lapsed' then return -2 end
if status ~= 'held' then return -4 end
local expiresAtMs = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not expiresAtMs or expiresAtMs <= tonumber(ARGV[3]) then return -2 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], owner .. '|' .. quantity .. '|ordered')
return tonumber(quantity)
