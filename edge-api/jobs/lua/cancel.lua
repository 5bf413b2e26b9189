--! keys=2 prelude
-- KEYS: job, result; ARGV: id, ttlMs, prefix
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local job = cjson.decode(raw)
if job.status == 'queued' then unqueue(ARGV[3], job) end
job.status = 'cancelled'
ended(ARGV[3], job, now, ARGV[2])
redis.call('DEL', KEYS[2])
releaseHeld(ARGV[3], ARGV[1])
return 1
