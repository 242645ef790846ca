--[[ Undo consume-hold when the order could not be written: the hold is `held` again and lapses
  at its own expiry, as before.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:holds  KEYS[3] sale:{id}:hold-data  KEYS[4] sale:{id}:journal
  ARGV[1] holdId
  Returns 1 when restored, 0 when the hold was not `ordered` ]]
local data = redis.call('HGET', KEYS[3], ARGV[1])
if not data then return 0 end
local owner, quantity, status, expiresAtMs, key = string.match(data, '^([^|]*)|(%d+)|(%a+)|(%d+)|(.*)$')
if status ~= 'ordered' then return 0 end

redis.call('HSET', KEYS[3], ARGV[1], owner .. '|' .. quantity .. '|held|' .. expiresAtMs .. '|' .. key)
redis.call('ZADD', KEYS[2], expiresAtMs, ARGV[1])
redis.call('XADD', KEYS[4], '*', 'h', ARGV[1], 'u', owner, 'q', quantity, 's', 'held', 'x', expiresAtMs, 'k', key)
return 1
