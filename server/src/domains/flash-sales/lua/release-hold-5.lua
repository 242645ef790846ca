--[[ Give a hold's units back to the sale before it lapses: the buyer cancels a hold, or the
  order placed on it was cancelled or lapsed unpaid.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds
  KEYS[4] sale:{id}:hold-data  KEYS[5] sale:{id}:journal
  ARGV[1] holdId  ARGV[2] userId ('' for any owner)  ARGV[3] 1 to release an `ordered` hold too
  Returns the units released (> 0), or -1 NOT_FOUND, -2 HOLD_EXPIRED (already lapsed or released),
  -4 RESERVATION_ALREADY_ORDERED, -6 already sold, -5 the sale is not in Redis ]]
if redis.call('EXISTS', KEYS[1]) == 0 then return -5 end
local data = redis.call('HGET', KEYS[4], ARGV[1])
if not data then return -1 end
local owner, quantity, status, expiresAtMs, key = string.match(data, '^([^|]*)|(%d+)|(%a+)|(%d+)|(.*)$')
if ARGV[2] ~= '' and owner ~= ARGV[2] then return -1 end
if status == 'lapsed' or status == 'released' then return -2 end
if status == 'sold' then return -6 end
if status == 'ordered' and ARGV[3] ~= '1' then return -4 end

redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(quantity))
redis.call('HINCRBY', KEYS[2], owner, -tonumber(quantity))
redis.call('HSET', KEYS[4], ARGV[1], owner .. '|' .. quantity .. '|released|' .. expiresAtMs .. '|' .. key)
redis.call('XADD', KEYS[5], '*', 'h', ARGV[1], 'u', owner, 'q', quantity, 's', 'released', 'x', expiresAtMs, 'k', key)
return tonumber(quantity)
