--[[ Token bucket: take `cost` tokens if there are enough, refilling at `ratePerSec` up to `burst`.
  KEYS[1] the bucket (hash: tokens, atMs)
  ARGV[1] nowMs  ARGV[2] ratePerSec  ARGV[3] burst  ARGV[4] cost
  Returns {1, 0} when taken, or {0, retryAfterMs} ]]
local nowMs, rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'atMs')
local tokens = tonumber(state[1]) or burst
local atMs = tonumber(state[2]) or nowMs
tokens = math.min(burst, tokens + math.max(0, nowMs - atMs) * rate / 1000)
local taken = 0
local retryAfterMs = 0
if tokens >= cost then
  tokens = tokens - cost
  taken = 1
else
  retryAfterMs = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'atMs', nowMs)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {taken, retryAfterMs}
