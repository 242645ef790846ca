--[[ Raises a counter kept as a string, never lowers it (session versions only grow).
  KEYS[1] the key  ARGV[1] the value
  Returns the value the key holds afterwards. ]]
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local value = tonumber(ARGV[1])
if value > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return value
end
return current
