--[[ Write the whole state of a sale that has not opened yet, or open it (status `live`).
  No hold can exist before a sale opens, so the stock can be set outright; once the sale is live
  or over, its state moves only through the hold scripts and nothing here touches it.
  KEYS[1] sale:{id}:state
  ARGV pairs of field, value (including `status`)
  Returns 1 when written, 0 when the sale had already opened, ended or been cancelled ]]
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'scheduled' then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
