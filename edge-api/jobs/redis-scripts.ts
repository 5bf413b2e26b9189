// Lua scripts for the Redis adapter. Each state change is one script, so two processes can
// never both win a job, and a crash between two commands cannot lose one. Time comes from
// Redis (TIME), so replicas with skewed clocks agree on leases and expiry.
// A job is JSON at <p>job:<id>; its input at <p>input:<id>, its result at <p>result:<id>.
// Images never pass through Lua: a script copies its arguments and replies, and on a 4 MB input
// that cost Redis 7-9 ms of its one thread per call against 1-3 ms for a plain SET or GET. The
// adapter writes them with plain commands, and the scripts only check and rename keys.

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

export const scripts = {
  // KEYS: job, input (already written), queue, idem (or ""), ARGV: json, unused, ttlMs, id, prefix
  enqueue: {
    numberOfKeys: 4,
    lua: `${NOW}
if KEYS[4] ~= "" then
  local seen = redis.call('GET', KEYS[4])
  if seen then
    local existing = redis.call('GET', ARGV[5] .. 'job:' .. seen)
    if existing then
      redis.call('DEL', KEYS[2])
      return {0, existing}
    end
  end
end
local job = cjson.decode(ARGV[1])
job.createdAt = now
job.updatedAt = now
local json = cjson.encode(job)
redis.call('SET', KEYS[1], json, 'PX', ARGV[3])
redis.call('LPUSH', KEYS[3], ARGV[4])
if KEYS[4] ~= "" then redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[3]) end
return {1, json}`,
  },
  // KEYS: queue, leases; ARGV: prefix, workerId, leaseMs, ttlMs
  claim: {
    numberOfKeys: 2,
    lua: `${NOW}
while true do
  local id = redis.call('RPOP', KEYS[1])
  if not id then return nil end
  local jobKey = ARGV[1] .. 'job:' .. id
  local inputKey = ARGV[1] .. 'input:' .. id
  local raw = redis.call('GET', jobKey)
  if raw and redis.call('EXISTS', inputKey) == 1 then
    local job = cjson.decode(raw)
    if job.status == 'queued' then
      job.status = 'running'
      job.attempts = job.attempts + 1
      job.workerId = ARGV[2]
      job.updatedAt = now
      if not job.startedAt then job.startedAt = now end
      local json = cjson.encode(job)
      redis.call('SET', jobKey, json, 'PX', ARGV[4])
      redis.call('PEXPIRE', inputKey, ARGV[4])
      redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
      return json
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
job.progress = math.max(job.progress, math.min(1, tonumber(ARGV[3])))
job.updatedAt = now
redis.call('SET', KEYS[1], cjson.encode(job), 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
return 'ok'`,
  },
  // KEYS: job, input, result, leases, written result (or ""); ARGV: id, workerId, ttlMs, changesJson, prefix
  // The worker writes its result under a key of its own first; only the lease holder's is kept.
  finish: {
    numberOfKeys: 5,
    lua: `${NOW}
local raw = redis.call('GET', KEYS[1])
local job = raw and cjson.decode(raw)
if not job or job.status ~= 'running' or job.workerId ~= ARGV[2] then
  if KEYS[5] ~= "" then redis.call('DEL', KEYS[5]) end
  return 0
end
for k, v in pairs(cjson.decode(ARGV[4])) do job[k] = v end
job.updatedAt = now
job.finishedAt = now
redis.call('INCR', ARGV[5] .. 'finished')
if KEYS[5] ~= "" and redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('RENAME', KEYS[5], KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
redis.call('SET', KEYS[1], cjson.encode(job), 'PX', ARGV[3])
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1`,
  },
  // KEYS: job, input, result, leases, queue; ARGV: id, ttlMs
  cancel: {
    numberOfKeys: 5,
    lua: `${NOW}
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local job = cjson.decode(raw)
job.status = 'cancelled'
job.updatedAt = now
job.finishedAt = now
redis.call('SET', KEYS[1], cjson.encode(job), 'PX', ARGV[2])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('LREM', KEYS[5], 0, ARGV[1])
return 1`,
  },
  // KEYS: leases, queue; ARGV: prefix, maxAttempts, ttlMs, lostProblemJson
  reap: {
    numberOfKeys: 2,
    lua: `${NOW}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local jobKey = ARGV[1] .. 'job:' .. id
  local raw = redis.call('GET', jobKey)
  if raw then
    local job = cjson.decode(raw)
    if job.status == 'running' then
      job.updatedAt = now
      job.workerId = nil
      if job.attempts >= tonumber(ARGV[2]) then
        job.status = 'failed'
        job.finishedAt = now
        job.error = cjson.decode(ARGV[4])
        redis.call('DEL', ARGV[1] .. 'input:' .. id)
        redis.call('INCR', ARGV[1] .. 'finished')
      else
        job.status = 'queued'
        redis.call('RPUSH', KEYS[2], id)
      end
      redis.call('SET', jobKey, cjson.encode(job), 'PX', ARGV[3])
    end
  end
end
return #ids`,
  },
} as const;
