--[[ Take a buyer's live hold for an order: it becomes `ordered` and no longer lapses; its units
  stay taken until the order is paid (sell-hold) or given up (release-hold).
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:holds  KEYS[3] sale:{id}:hold-data  KEYS[4] sale:{id}:journal
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] nowMs
  Returns the hold's quantity (> 0), or -1 NOT_FOUND, -2 HOLD_EXPIRED, -4 RESERVATION_ALREADY_ORDERED,
  -5 the sale is not in Redis ]]
if redis.call('EXISTS', KEYS[1]) == 0 then return -5 end
local data = redis.call('HGET', KEYS[3], ARGV[1])
if not data then return -1 end
local owner, quantity, status, expiresAtMs, key = string.match(data, '^([^|]*)|(%d+)|(%a+)|(%d+)|(.*)$')
if owner ~= ARGV[2] then return -1 end
if status == 'lapsed' or status == 'released' then return -2 end
if status ~= 'held' then return -4 end
if tonumber(expiresAtMs) <= tonumber(ARGV[3]) then return -2 end

redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], owner .. '|' .. quantity .. '|ordered|' .. expiresAtMs .. '|' .. key)
redis.call('XADD', KEYS[4], '*', 'h', ARGV[1], 'u', owner, 'q', quantity, 's', 'ordered', 'x', expiresAtMs, 'k', key)
return tonumber(quantity)
