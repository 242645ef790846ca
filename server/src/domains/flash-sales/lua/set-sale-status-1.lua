--[[ Move a sale's live state from one status to another (close: live → ended, cancel: scheduled → cancelled).
  KEYS[1] sale:{id}:state
  ARGV[1] expected status  ARGV[2] new status
  Returns {moved (1/0), status now ('' when the sale is not in Redis), remaining} ]]
local state = redis.call('HMGET', KEYS[1], 'status', 'remaining')
if not state[1] then return {0, '', 0} end
if state[1] ~= ARGV[1] then return {0, state[1], tonumber(state[2])} end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
return {1, ARGV[2], tonumber(state[2])}
