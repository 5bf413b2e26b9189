// The Redis adapter's scripts on a job's way through: enqueue, claim, heartbeat, finish; the
// ones that stop jobs are in redis-stop-scripts.ts, the read-only ones in redis-read-scripts.ts,
// and what they share (and the keys) in redis-lua.ts.
import { HELPERS, NOW } from "./redis-lua";
import { readScripts } from "./redis-read-scripts";
import { stopScripts } from "./redis-stop-scripts";

const pathScripts = {
  // KEYS: job, input (already written), idem (or ""); ARGV: stored json, ttlMs, id, prefix, maxWaitMs,
  // maxPerClient ("" = no limits), maxQueuedBytes, maxPerAccount (or ""), maxHeldBytes (or ""), fingerprint (or "")
  enqueue: {
    numberOfKeys: 3,
    lua: `${NOW}${HELPERS}
local P = ARGV[4]
if KEYS[3] ~= "" then
  local seen = redis.call('GET', KEYS[3])
  if seen then
    local seenId, seenPrint = string.match(seen, '^(%S+) ?(.*)$')
    local existing = redis.call('GET', P .. 'job:' .. seenId)
    if existing then
      redis.call('DEL', KEYS[2])
      if seenPrint ~= '' and ARGV[10] ~= '' and seenPrint ~= ARGV[10] then return {2, 'key-reused', 0} end
      return {0, existing}
    end
  end
end
local job = cjson.decode(ARGV[1])
-- Members whose job ended or vanished are dropped first, so the count is never stale.
local function activeCount(set)
  for _, other in ipairs(redis.call('SMEMBERS', set)) do
    local raw = redis.call('GET', P .. 'job:' .. other)
    local status = raw and cjson.decode(raw).status
    if status ~= 'queued' and status ~= 'running' then redis.call('SREM', set, other) end
  end
  return redis.call('SCARD', set)
end
if ARGV[6] ~= "" then
  -- The same checks, in the same order, as the in-process adapter's.
  local refusal, retryMs
  if job.account and ARGV[8] ~= "" and activeCount(P .. 'acct:' .. job.account) >= tonumber(ARGV[8]) then
    refusal = 'account-limit'
  elseif activeCount(P .. 'active:' .. job.client) >= tonumber(ARGV[6]) then
    refusal = 'client-limit'
  elseif tonumber(redis.call('HGET', P .. 'stats', 'queuedBytes') or '0') + job.inputBytes > tonumber(ARGV[7]) then
    refusal = 'queue-bytes'
  elseif ARGV[9] ~= "" then
    purgeHeld(P, now)
    if heldBytes(P) >= tonumber(ARGV[9]) then
      refusal = 'held-results'
      retryMs = heldRetryMs(P, tonumber(ARGV[9]), now)
    end
  end
  if refusal then
    redis.call('DEL', KEYS[2])
    return {2, refusal, retryMs or 0}
  end
end
job.createdAt = now
job.updatedAt = now
local ttl = enqueueId(P, job, false, tonumber(ARGV[5]), tonumber(ARGV[2]), now)
local json = cjson.encode(job)
redis.call('SET', KEYS[1], json, 'PX', ttl)
for _, set in ipairs(trackingSets(P, job)) do
  redis.call('SADD', set, ARGV[3])
  extend(set, ttl)
end
-- As long as the job itself may live: a retry while it still waits finds it.
if KEYS[3] ~= "" then
  local value = ARGV[3]
  if ARGV[10] ~= "" then value = value .. ' ' .. ARGV[10] end
  redis.call('SET', KEYS[3], value, 'PX', ttl)
end
return {1, json}`,
  },
  // KEYS: ready; ARGV: prefix, workerId, leaseMs, ttlMs, maxWaitMs, waited outcome json
  claim: {
    numberOfKeys: 1,
    lua: `${NOW}${HELPERS}
local P = ARGV[1]
while true do
  local first = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #first == 0 then return nil end
  local client = first[1]
  local cq = P .. 'cq:' .. client
  local id = redis.call('LPOP', cq)
  if redis.call('LLEN', cq) == 0 then redis.call('ZREM', KEYS[1], client) else redis.call('ZADD', KEYS[1], now, client) end
  redis.call('SET', P .. 'served:' .. client, now, 'PX', ARGV[5])
  if id then
    redis.call('ZREM', P .. 'waiting', id)
    local raw = redis.call('GET', P .. 'job:' .. id)
    local job = raw and cjson.decode(raw)
    if job and job.status == 'queued' then
      unqueue(P, job)
      if job.waitUntil <= now then
        failed(P, job, ARGV[6], now, ARGV[4])
      else
        job.status = 'running'
        job.attempts = job.attempts + 1
        job.workerId = ARGV[2]
        job.updatedAt = now
        if not job.startedAt then job.startedAt = now end
        local json = cjson.encode(job)
        redis.call('SET', P .. 'job:' .. id, json, 'PX', ARGV[4])
        redis.call('PEXPIRE', P .. 'input:' .. id, ARGV[4])
        redis.call('ZADD', P .. 'leases', now + tonumber(ARGV[3]), id)
        return json
      end
    end
  end
end`,
  },
  // KEYS: job, input, leases; ARGV: id, workerId, progress, leaseMs, ttlMs, prefix
  heartbeat: {
    numberOfKeys: 3,
    lua: `${NOW}${HELPERS}
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
return 'ok'`,
  },
  // KEYS: job, result, written result (or ""); ARGV: id, workerId, ttlMs, status, runSeconds (or ""),
  // resultBytes (or ""), outcome json, prefix, decay, the bytes one client may hold (or "").
  // The worker writes its result under a key of its own first; only the lease holder's is kept.
  finish: {
    numberOfKeys: 3,
    lua: `${NOW}${HELPERS}
local P = ARGV[8]
local job = held(KEYS[1], ARGV[2])
if not job then
  if KEYS[3] ~= "" then redis.call('DEL', KEYS[3]) end
  return 0
end
job.status = ARGV[4]
job.outcome = ARGV[7]
if job.status == 'done' then job.progress = 1 end
if ARGV[5] ~= "" then job.runSeconds = tonumber(ARGV[5]) end
if job.runSeconds and job.workSeconds and job.workSeconds > 0 then
  -- Measured over estimated, decaying by DECAY a job (speed-ratio.ts).
  local s = redis.call('HMGET', P .. 'stats', 'estimated', 'measured')
  redis.call('HSET', P .. 'stats', 'estimated', (tonumber(s[1]) or 0) * tonumber(ARGV[9]) + job.workSeconds, 'measured', (tonumber(s[2]) or 0) * tonumber(ARGV[9]) + job.runSeconds)
end
redis.call('INCR', P .. 'finished')
if KEYS[3] ~= "" and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('RENAME', KEYS[3], KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  job.resultBytes = tonumber(ARGV[6])
  hold(P, ARGV[1], job.resultBytes, now + tonumber(ARGV[3]), job.client or '')
  if ARGV[10] ~= "" and job.client then dropOverCap(P, job.client, tonumber(ARGV[10]), ARGV[1]) end
end
ended(P, job, now, ARGV[3])
return 1`,
  },
} as const;

export const scripts = { ...pathScripts, ...stopScripts, ...readScripts } as const;
