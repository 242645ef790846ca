--[[ Hold units of a live flash sale for one buyer, atomically.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds
  KEYS[4] sale:{id}:hold-data  KEYS[5] sale:{id}:idempotency
  ARGV[1] userId  ARGV[2] quantity  ARGV[3] holdId  ARGV[4] expiresAtMs  ARGV[5] nowMs
  ARGV[6] idempotency key ('' for none)
  Returns {code, holdId, expiresAtMs, remaining}; code 0 new hold, 1 the same key's earlier hold,
  -1 SALE_NOT_ACTIVE, -2 SOLD_OUT, -3 PURCHASE_LIMIT_REACHED, -5 NOT_FOUND ]]
local userId, quantity = ARGV[1], tonumber(ARGV[2])

if ARGV[6] ~= '' then
  local earlier = redis.call('HGET', KEYS[5], userId .. '|' .. ARGV[6])
  if earlier then
    local sep = string.find(earlier, '|', 1, true)
    return {1, string.sub(earlier, 1, sep - 1), string.sub(earlier, sep + 1), tonumber(redis.call('HGET', KEYS[1], 'remaining'))}
  end
end

local state = redis.call('HMGET', KEYS[1], 'status', 'remaining', 'perUserLimit', 'endsAtMs')
if not state[1] then return {-5, '', '', 0} end
local remaining = tonumber(state[2])
if state[1] ~= 'live' or tonumber(ARGV[5]) >= tonumber(state[4]) then return {-1, '', '', remaining} end
if remaining < quantity then return {-2, '', '', remaining} end
local held = tonumber(redis.call('HGET', KEYS[2], userId) or '0')
if held + quantity > tonumber(state[3]) then return {-3, '', '', remaining} end

remaining = redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
redis.call('HINCRBY', KEYS[2], userId, quantity)
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[3], userId .. '|' .. quantity .. '|held')
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[5], userId .. '|' .. ARGV[6], ARGV[3] .. '|' .. ARGV[4])
end
return {0, ARGV[3], ARGV[4], remaining}
