--! keys=2 prelude
-- KEYS: stats, waiting; ARGV: prefix. Depth, then the counters as strings (false when unset).
purgeHeld(ARGV[1], now)
local s = redis.call('HMGET', KEYS[1], 'queuedBytes', 'queuedSeconds', 'estimated', 'measured', 'heldBytes')
return {redis.call('ZCARD', KEYS[2]), s[1], s[2], s[3], s[4], s[5]}
