--[[ Undo consume-hold when the order could not be written: the hold lapses again as before.
  KEYS[1] sale:{id}:holds  KEYS[2] sale:{id}:hold-data
  ARGV[1] holdId  ARGV[2] expiresAtMs
  Returns 1 when restored, 0 when the hold was not ordered ]]
local data = redis.call('HGET', KEYS[2], ARGV[1])
if not data then return 0 end
local owner, quantity, status = string.match(data, '^([^|]+)|(%d+)|(%a+)$')
if status ~= 'ordered' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], owner .. '|' .. quantity .. '|held')
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
