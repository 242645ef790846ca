--[[ A paid order's hold: its units are sold for good (they keep counting against the buyer's limit).
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:holds  KEYS[3] sale:{id}:hold-data  KEYS[4] sale:{id}:journal
  ARGV[1] holdId
  Returns the units sold now (> 0), 0 when the hold was already sold, -1 NOT_FOUND,
  -2 HOLD_EXPIRED (it lapsed or was released before the payment), -3 not ordered yet,
  -5 the sale is not in Redis ]]
if redis.call('EXISTS', KEYS[1]) == 0 then return -5 end
local data = redis.call('HGET', KEYS[3], ARGV[1])
if not data then return -1 end
local owner, quantity, status, expiresAtMs, key = string.match(data, '^([^|]*)|(%d+)|(%a+)|(%d+)|(.*)$')
if status == 'sold' then return 0 end
if status == 'lapsed' or status == 'released' then return -2 end
if status ~= 'ordered' then return -3 end

redis.call('HSET', KEYS[3], ARGV[1], owner .. '|' .. quantity .. '|sold|' .. expiresAtMs .. '|' .. key)
redis.call('HINCRBY', KEYS[1], 'sold', tonumber(quantity))
redis.call('XADD', KEYS[4], '*', 'h', ARGV[1], 'u', owner, 'q', quantity, 's', 'sold', 'x', expiresAtMs, 'k', key)
return tonumber(quantity)
