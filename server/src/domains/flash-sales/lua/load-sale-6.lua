--[[ Rebuild a sale that Redis lost, from its PostgreSQL record, in one step. Does nothing when the
  sale is already there (another process rebuilt it first), so a stale snapshot never overwrites it.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds
  KEYS[4] sale:{id}:hold-data  KEYS[5] sale:{id}:idempotency  KEYS[6] sale:{id}:journal
  ARGV[1] JSON object of state fields  ARGV[2] JSON array of holds:
  {id, userId, quantity, status, expiresAtMs, key}
  Returns 1 when rebuilt, 0 when the sale was there ]]
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])

local state = cjson.decode(ARGV[1])
local remaining = tonumber(state.quantity)
local sold = 0
for _, hold in ipairs(cjson.decode(ARGV[2])) do
  local quantity = tonumber(hold.quantity)
  -- Lapsed and released holds are kept only to answer their Idempotency-Key.
  if hold.status == 'held' or hold.status == 'ordered' or hold.status == 'sold' then
    remaining = remaining - quantity
    redis.call('HINCRBY', KEYS[2], hold.userId, quantity)
  end
  if hold.status == 'sold' then sold = sold + quantity end
  if hold.status == 'held' then redis.call('ZADD', KEYS[3], hold.expiresAtMs, hold.id) end
  redis.call('HSET', KEYS[4], hold.id, hold.userId .. '|' .. quantity .. '|' .. hold.status .. '|' .. hold.expiresAtMs .. '|' .. hold.key)
  if hold.key ~= '' then
    redis.call('HSET', KEYS[5], hold.userId .. '|' .. hold.key, hold.id .. '|' .. hold.expiresAtMs .. '|' .. quantity)
  end
end
for field, value in pairs(state) do redis.call('HSET', KEYS[1], field, tostring(value)) end
redis.call('HSET', KEYS[1], 'remaining', remaining, 'sold', sold)
return 1
