--! keys=2 prelude
-- KEYS: leases, waiting; ARGV: prefix, maxAttempts, ttlMs, lost outcome json, maxWaitMs, waited outcome json
local P = ARGV[1]
local touched = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)) do
  touched = touched + 1
  redis.call('ZREM', KEYS[1], id)
  local raw = redis.call('GET', P .. 'job:' .. id)
  local job = raw and cjson.decode(raw)
  if job and job.status == 'running' then
    if job.attempts >= tonumber(ARGV[2]) then
      job.workerId = nil
      failed(P, job, ARGV[4], now, ARGV[3])
    else
      requeue(P, job, tonumber(ARGV[5]), tonumber(ARGV[3]), now)
    end
  end
end
-- Jobs that waited past their deadline fail with 503: a job never vanishes while it waits.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)) do
  touched = touched + 1
  redis.call('ZREM', KEYS[2], id)
  local raw = redis.call('GET', P .. 'job:' .. id)
  local job = raw and cjson.decode(raw)
  if job and job.status == 'queued' then
    unqueue(P, job)
    failed(P, job, ARGV[6], now, ARGV[3])
  end
end
purgeHeld(P, now)
return touched
