--! keys=1 prelude
-- KEYS: ready; ARGV: prefix, workerId, leaseMs, ttlMs, maxWaitMs, waited outcome json
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
end
