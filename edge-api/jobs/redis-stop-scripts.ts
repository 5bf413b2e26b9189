// The Redis adapter's scripts that stop jobs: cancel (one, or all of an owner's), release (a
// stopping worker hands its job back) and reap (lapsed leases, jobs that waited too long, and
// held results past their expiry). Keys and helpers: redis-lua.ts.
import { HELPERS, NOW } from "./redis-lua";

export const stopScripts = {
  // KEYS: job, result; ARGV: id, ttlMs, prefix
  cancel: {
    numberOfKeys: 2,
    lua: `${NOW}${HELPERS}
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local job = cjson.decode(raw)
if job.status == 'queued' then unqueue(ARGV[3], job) end
job.status = 'cancelled'
ended(ARGV[3], job, now, ARGV[2])
redis.call('DEL', KEYS[2])
releaseHeld(ARGV[3], ARGV[1])
return 1`,
  },
  // KEYS: owner; ARGV: prefix, ttlMs. Every queued and running job of an owner (an account being deleted).
  cancelOwned: {
    numberOfKeys: 1,
    lua: `${NOW}${HELPERS}
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
return cancelled`,
  },
  // KEYS: job, leases; ARGV: id, workerId, prefix, maxWaitMs, ttlMs. A stopping worker hands its job
  // back: to the front of its client's queue at once, and the attempt does not count.
  release: {
    numberOfKeys: 2,
    lua: `${NOW}${HELPERS}
local P = ARGV[3]
local job = held(KEYS[1], ARGV[2])
if not job then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
job.attempts = math.max(0, job.attempts - 1)
requeue(P, job, tonumber(ARGV[4]), tonumber(ARGV[5]), now)
return 1`,
  },
  // KEYS: leases, waiting; ARGV: prefix, maxAttempts, ttlMs, lost outcome json, maxWaitMs, waited outcome json
  reap: {
    numberOfKeys: 2,
    lua: `${NOW}${HELPERS}
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
return touched`,
  },
} as const;
