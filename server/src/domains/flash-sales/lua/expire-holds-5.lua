--[[ Lapse the holds whose time has passed: their units go back to the sale.
  KEYS[1] sale:{id}:state  KEYS[2] sale:{id}:per-user  KEYS[3] sale:{id}:holds
  KEYS[4] sale:{id}:hold-data  KEYS[5] sale:{id}:journal
  ARGV[1] nowMs  ARGV[2] at most this many holds
  Returns the ids of the lapsed holds ]]
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local lapsed = {}
for _, holdId in ipairs(due) do
  redis.call('ZREM', KEYS[3], holdId)
  local data = redis.call('HGET', KEYS[4], holdId)
  if data then
    local owner, quantity, status, expiresAtMs, key = string.match(data, '^([^|]*)|(%d+)|(%a+)|(%d+)|(.*)$')
    if status == 'held' then
      redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(quantity))
      redis.call('HINCRBY', KEYS[2], owner, -tonumber(quantity))
      redis.call('HSET', KEYS[4], holdId, owner .. '|' .. quantity .. '|lapsed|' .. expiresAtMs .. '|' .. key)
      redis.call('XADD', KEYS[5], '*', 'h', holdId, 'u', owner, 'q', quantity, 's', 'lapsed', 'x', expiresAtMs, 'k', key)
      lapsed[#lapsed + 1] = holdId
    end
  end
end
return lapsed
