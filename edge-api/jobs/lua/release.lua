--! keys=2 prelude
-- KEYS: job, leases; ARGV: id, workerId, prefix, maxWaitMs, ttlMs. A stopping worker hands its job
-- back: to the front of its client's queue at once, and the attempt does not count.
local P = ARGV[3]
local job = held(KEYS[1], ARGV[2])
if not job then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
job.attempts = math.max(0, job.attempts - 1)
requeue(P, job, tonumber(ARGV[4]), tonumber(ARGV[5]), now)
return 1
