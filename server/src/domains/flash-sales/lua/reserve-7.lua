--[[ Hold units of a live flash sale for one buyer, atomically (the whole reserve path).
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds
  KEYS[4] sale:{id}:hold-data  KEYS[5] sale:{id}:idempotency  KEYS[6] sale:{id}:journal
  KEYS[7] sale:{id}:reserve-rate
  ARGV[1] userId  ARGV[2] quantity  ARGV[3] holdId  ARGV[4] expiresAtMs  ARGV[5] nowMs
  ARGV[6] idempotency key ('' for none)  ARGV[7] reserve attempts allowed per user per second
  Returns {code, holdId, expiresAtMs, remaining, quantity}; code 0 a new hold, 1 the same key's
  earlier hold, -1 SALE_NOT_ACTIVE, -2 SOLD_OUT, -3 PURCHASE_LIMIT_REACHED, -5 the sale is not in
  Redis (unknown, or lost with Redis: the caller rebuilds it from PostgreSQL), -6 RATE_LIMITED
  (the third value is then the milliseconds until the user may try again) ]]
local userId, quantity, holdId, expiresAtMs, key = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[6]

local state = redis.call('HMGET', KEYS[1], 'status', 'remaining', 'perUserLimit', 'endsAtMs')
if not state[1] then return {-5, '', '', 0, 0} end
local remaining = tonumber(state[2])

-- Every attempt counts, retries too: the user's attempts in this second of the clock, as
-- `second|count` (the hash lapses 2 s after the sale's last attempt).
local nowMs = tonumber(ARGV[5])
local second = math.floor(nowMs / 1000)
local attempts = 0
local seen = redis.call('HGET', KEYS[7], userId)
if seen then
  local seenSecond, seenCount = string.match(seen, '^(%d+)|(%d+)$')
  if tonumber(seenSecond) == second then attempts = tonumber(seenCount) end
end
if attempts >= tonumber(ARGV[7]) then return {-6, '', tostring((second + 1) * 1000 - nowMs), remaining, 0} end
redis.call('HSET', KEYS[7], userId, string.format('%d|%d', second, attempts + 1))
redis.call('PEXPIRE', KEYS[7], 2000)

-- The key is checked before the sale's state, so a retry after the sale closed still gets its hold.
if key ~= '' then
  local earlier = redis.call('HGET', KEYS[5], userId .. '|' .. key)
  if earlier then
    local earlierId, earlierExpiry, earlierQuantity = string.match(earlier, '^([^|]+)|(%d+)|(%d+)$')
    return {1, earlierId, earlierExpiry, remaining, tonumber(earlierQuantity)}
  end
end

if state[1] ~= 'live' or nowMs >= tonumber(state[4]) then return {-1, '', '', remaining, 0} end
if remaining < quantity then return {-2, '', '', remaining, 0} end
local taken = tonumber(redis.call('HGET', KEYS[2], userId) or '0')
if taken + quantity > tonumber(state[3]) then return {-3, '', '', remaining, 0} end

remaining = redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
redis.call('HINCRBY', KEYS[2], userId, quantity)
redis.call('ZADD', KEYS[3], expiresAtMs, holdId)
redis.call('HSET', KEYS[4], holdId, userId .. '|' .. quantity .. '|held|' .. expiresAtMs .. '|' .. key)
if key ~= '' then redis.call('HSET', KEYS[5], userId .. '|' .. key, holdId .. '|' .. expiresAtMs .. '|' .. quantity) end
redis.call('XADD', KEYS[6], '*', 'h', holdId, 'u', userId, 'q', quantity, 's', 'held', 'x', expiresAtMs, 'k', key)
return {0, holdId, expiresAtMs, remaining, quantity}
