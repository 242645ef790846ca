--[[ A paid hold: its units are sold for good.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:hold-data
  ARGV[1] holdId
  Returns the units sold now, or 0 when the hold is unknown or already sold ]]
local data = redis.call('HGET', KEYS[2], ARGV[1])
if not data then return 0 end
local owner, quantity, status = string.match(data, '^([^|]+)|(%d+)|(%a+)$')
if status == 'sold' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], owner .. '|' .. quantity .. '|sold')
redis.call('HINCRBY', KEYS[1], 'sold', tonumber(quantity))
return tonumber(quantity)
