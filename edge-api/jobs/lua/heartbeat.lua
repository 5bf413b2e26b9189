--! keys=3 prelude
-- KEYS: job, input, leases; ARGV: id, workerId, progress, leaseMs, ttlMs, prefix
local raw = redis.call('GET', KEYS[1])
if not raw then return 'lost' end
local job = cjson.decode(raw)
if job.status == 'cancelled' then return 'cancelled' end
if job.status ~= 'running' or job.workerId ~= ARGV[2] then return 'lost' end
local progress = math.min(1, tonumber(ARGV[3]))
if progress > job.progress then
  if not job.progressStartedAt then
    job.progressStartedAt = now
    job.progressStart = progress
  end
  job.progressAt = now
  job.progress = progress
end
job.updatedAt = now
redis.call('SET', KEYS[1], cjson.encode(job), 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
-- A job may run longer than it may wait: its sets must still count it (and find it) meanwhile.
for _, set in ipairs(trackingSets(ARGV[6], job)) do extend(set, ARGV[5]) end
return 'ok'
