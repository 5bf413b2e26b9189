// Lua scripts for the Redis adapter. Each state change is one script, so two processes can
// never both win a job, and a crash between two commands cannot lose one. Time comes from
// Redis (TIME), so replicas with skewed clocks agree on leases and expiry.
// Keys, under the prefix P: a job is JSON at P job:<id>, its input at P input:<id>, its result at
// P result:<id>. Queued ids wait in their client's list P cq:<client>; P ready is a sorted set of
// the clients with queued jobs, scored by when each was last served (round-robin: the lowest
// goes next); P waiting scores queued ids by their wait deadline; P active:<client> holds a
// client's queued and running ids; P stats holds the queued bytes and seconds and the measured
// speed; P leases scores running ids by lease end.
// Images never pass through Lua: a script copies its arguments and replies, and on a 4 MB input
// that cost Redis 7-9 ms of its one thread per call against 1-3 ms for a plain SET or GET. The
// adapter writes them with plain commands, and the scripts only check and rename keys.

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// Shared helpers; P is the prefix. A queued job leaves the queue (claimed, cancelled, expired).
const HELPERS = `
local function unqueue(P, job)
  local cq = P .. 'cq:' .. job.client
  redis.call('LREM', cq, 0, job.id)
  if redis.call('LLEN', cq) == 0 then redis.call('ZREM', P .. 'ready', job.client) end
  redis.call('ZREM', P .. 'waiting', job.id)
  redis.call('HINCRBY', P .. 'stats', 'queuedBytes', -job.inputBytes)
  redis.call('HINCRBYFLOAT', P .. 'stats', 'queuedSeconds', -(job.workSeconds or 0))
end
local function enqueueId(P, job, front, maxWait, ttl, now)
  local cq = P .. 'cq:' .. job.client
  if front then redis.call('LPUSH', cq, job.id) else redis.call('RPUSH', cq, job.id) end
  if not redis.call('ZSCORE', P .. 'ready', job.client) then
    redis.call('ZADD', P .. 'ready', tonumber(redis.call('GET', P .. 'served:' .. job.client) or '0'), job.client)
  end
  job.waitUntil = now + maxWait
  redis.call('ZADD', P .. 'waiting', job.waitUntil, job.id)
  redis.call('HINCRBY', P .. 'stats', 'queuedBytes', job.inputBytes)
  redis.call('HINCRBYFLOAT', P .. 'stats', 'queuedSeconds', job.workSeconds or 0)
  redis.call('PEXPIRE', P .. 'input:' .. job.id, maxWait + ttl)
  return maxWait + ttl
end
-- The job at key, if it is running under this worker's lease; nil otherwise.
local function held(key, workerId)
  local raw = redis.call('GET', key)
  local job = raw and cjson.decode(raw)
  if job and job.status == 'running' and job.workerId == workerId then return job end
  return nil
end
-- Back to the front of its client's queue: it has waited once already. Its wait starts over.
local function requeue(P, job, maxWait, ttl, now)
  job.workerId = nil
  job.status = 'queued'
  job.updatedAt = now
  redis.call('SET', P .. 'job:' .. job.id, cjson.encode(job), 'PX', enqueueId(P, job, true, maxWait, ttl, now))
end
local function ended(P, job, now, ttl)
  job.updatedAt = now
  job.finishedAt = now
  redis.call('SET', P .. 'job:' .. job.id, cjson.encode(job), 'PX', ttl)
  redis.call('DEL', P .. 'input:' .. job.id)
  redis.call('SREM', P .. 'active:' .. job.client, job.id)
  redis.call('ZREM', P .. 'leases', job.id)
end
local function failed(P, job, problemJson, now, ttl)
  job.status = 'failed'
  job.error = cjson.decode(problemJson)
  ended(P, job, now, ttl)
  redis.call('INCR', P .. 'finished')
end
`;

export const scripts = {
  // KEYS: job, input (already written), idem (or ""); ARGV: json, ttlMs, id, prefix, maxWaitMs, maxPerClient ("" = no limits), maxQueuedBytes
  enqueue: {
    numberOfKeys: 3,
    lua: `${NOW}${HELPERS}
local P = ARGV[4]
if KEYS[3] ~= "" then
  local seen = redis.call('GET', KEYS[3])
  if seen then
    local existing = redis.call('GET', P .. 'job:' .. seen)
    if existing then
      redis.call('DEL', KEYS[2])
      return {0, existing}
    end
  end
end
local job = cjson.decode(ARGV[1])
local active = P .. 'active:' .. job.client
if ARGV[6] ~= "" then
  -- Members whose job ended or vanished are dropped first, so the count is never stale.
  for _, other in ipairs(redis.call('SMEMBERS', active)) do
    local raw = redis.call('GET', P .. 'job:' .. other)
    local status = raw and cjson.decode(raw).status
    if status ~= 'queued' and status ~= 'running' then redis.call('SREM', active, other) end
  end
  local refusal
  if redis.call('SCARD', active) >= tonumber(ARGV[6]) then
    refusal = 'client-limit'
  elseif tonumber(redis.call('HGET', P .. 'stats', 'queuedBytes') or '0') + job.inputBytes > tonumber(ARGV[7]) then
    refusal = 'queue-bytes'
  end
  if refusal then
    redis.call('DEL', KEYS[2])
    return {2, refusal}
  end
end
job.createdAt = now
job.updatedAt = now
local ttl = enqueueId(P, job, false, tonumber(ARGV[5]), tonumber(ARGV[2]), now)
local json = cjson.encode(job)
redis.call('SET', KEYS[1], json, 'PX', ttl)
redis.call('SADD', active, ARGV[3])
redis.call('PEXPIRE', active, ttl)
-- As long as the job itself may live: a retry while it still waits finds it.
if KEYS[3] ~= "" then redis.call('SET', KEYS[3], ARGV[3], 'PX', ttl) end
return {1, json}`,
  },
  // KEYS: ready; ARGV: prefix, workerId, leaseMs, ttlMs, maxWaitMs, waitedJson
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
  // KEYS: job, input, leases; ARGV: id, workerId, progress, leaseMs, ttlMs
  heartbeat: {
    numberOfKeys: 3,
    lua: `${NOW}
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
return 'ok'`,
  },
  // KEYS: job, result, written result (or ""); ARGV: id, workerId, ttlMs, changesJson, prefix, decay
  // The worker writes its result under a key of its own first; only the lease holder's is kept.
  finish: {
    numberOfKeys: 3,
    lua: `${NOW}${HELPERS}
local P = ARGV[5]
local job = held(KEYS[1], ARGV[2])
if not job then
  if KEYS[3] ~= "" then redis.call('DEL', KEYS[3]) end
  return 0
end
for k, v in pairs(cjson.decode(ARGV[4])) do job[k] = v end
if job.runSeconds and job.workSeconds and job.workSeconds > 0 then
  -- Measured over estimated, decaying by DECAY a job (speed-ratio.ts).
  local s = redis.call('HMGET', P .. 'stats', 'estimated', 'measured')
  redis.call('HSET', P .. 'stats', 'estimated', (tonumber(s[1]) or 0) * tonumber(ARGV[6]) + job.workSeconds, 'measured', (tonumber(s[2]) or 0) * tonumber(ARGV[6]) + job.runSeconds)
end
redis.call('INCR', P .. 'finished')
if KEYS[3] ~= "" and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('RENAME', KEYS[3], KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
ended(P, job, now, ARGV[3])
return 1`,
  },
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
return 1`,
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
  // KEYS: leases, waiting; ARGV: prefix, maxAttempts, ttlMs, lostProblemJson, maxWaitMs, waitedJson
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
return touched`,
  },
  // KEYS: ready; ARGV: prefix, client. Seconds of work a new job of the client waits behind
  // (round-robin: each other client's next job, and all of its own), as a string.
  ahead: {
    numberOfKeys: 1,
    lua: `
local P = ARGV[1]
local function work(id)
  local raw = id and redis.call('GET', P .. 'job:' .. id)
  return raw and (cjson.decode(raw).workSeconds or 0) or 0
end
local seconds = 0
for _, other in ipairs(redis.call('ZRANGE', KEYS[1], 0, 999)) do
  local cq = P .. 'cq:' .. other
  if other == ARGV[2] then
    for _, id in ipairs(redis.call('LRANGE', cq, 0, -1)) do seconds = seconds + work(id) end
  else
    seconds = seconds + work(redis.call('LINDEX', cq, 0))
  end
end
return tostring(seconds)`,
  },
  // KEYS: job, ready; ARGV: prefix. Jobs taken before this one; -1 if it is not queued.
  position: {
    numberOfKeys: 2,
    lua: `
local P = ARGV[1]
local raw = redis.call('GET', KEYS[1])
local job = raw and cjson.decode(raw)
if not job or job.status ~= 'queued' then return -1 end
local mine = redis.call('LPOS', P .. 'cq:' .. job.client, job.id)
if not mine then return -1 end
local ahead = mine
local clients = redis.call('ZRANGE', KEYS[2], 0, 999)
local before = 1
for _, other in ipairs(clients) do
  if other == job.client then
    before = 0
  else
    ahead = ahead + math.min(redis.call('LLEN', P .. 'cq:' .. other), mine + before)
  end
end
return ahead`,
  },
} as const;
