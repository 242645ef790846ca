--[[ Release the holds whose time has passed: their units go back to the sale.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds  KEYS[4] sale:{id}:hold-data
  ARGV[1] nowMs  ARGV[2] at most this many holds
  Returns the ids of the released holds ]]
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, holdId in ipairs(due) do
  local data = redis.call('HGET', KEYS[4], holdId)
  redis.call('ZREM', KEYS[3], holdId)
  if data then
    local owner, quantity = string.match(data, '^([^|]+)|(%d+)|')
    redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(quantity))
    redis.call('HINCRBY', KEYS[2], owner, -tonumber(quantity))
    redis.call('HSET', KEYS[4], holdId, owner .. '|' .. quantity .. '|lapsed')
  end
end
return due
