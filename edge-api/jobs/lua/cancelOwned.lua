--! keys=1 prelude
-- KEYS: owner; ARGV: prefix, ttlMs. Every queued and running job of an owner (an account being deleted).
local P = ARGV[1]
local cancelled = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local raw = redis.call('GET', P .. 'job:' .. id)
  local job = raw and cjson.decode(raw)
  if job and (job.status == 'queued' or job.status == 'running') then
    if job.status == 'queued' then unqueue(P, job) end
    job.status = 'cancelled'
    ended(P, job, now, ARGV[2])
    cancelled = cancelled + 1
  end
end
redis.call('DEL', KEYS[1])
return cancelled
