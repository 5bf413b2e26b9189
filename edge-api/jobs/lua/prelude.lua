-- What the Redis adapter's scripts (this folder; "--! keys=N prelude" starts with this file) share. Each state
-- change is one script, so two processes can never both win a job, and a crash between two
-- commands cannot lose one. Time comes from Redis (TIME), so replicas with skewed clocks agree
-- on leases and expiry.
-- Keys, under the prefix P: a job is JSON at P job:<id> (redis-record.ts: scalars, and the spec
-- and outcome as strings no script decodes), its input at P input:<id>, its result at
-- P result:<id>. Queued ids wait in their client's list P cq:<client>; P ready is a sorted set of
-- the clients with queued jobs, scored by when each was last served (round-robin: the lowest
-- goes next); P waiting scores queued ids by their wait deadline; P active:<client> (an address),
-- P acct:<account> and P owner:<ownerId> hold the queued and running ids of each; P stats holds
-- the queued bytes and seconds, the held result bytes and the measured speed; P leases scores
-- running ids by lease end; P held scores the ids of results held for pickup by their expiry,
-- and P heldSizes says their sizes (Redis has no hook on expiry: the scripts purge them).
-- Images never pass through Lua: a script copies its arguments and replies, and on a 4 MB input
-- that cost Redis 7-9 ms of its one thread per call against 1-3 ms for a plain SET or GET. The
-- adapter writes them with plain commands, and the scripts only check and rename keys.

local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- P is the prefix. A queued job leaves the queue (claimed, cancelled, expired) by unqueue.
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
-- The sets that count a job while it is queued or running: its address's, its account's, its owner's.
local function trackingSets(P, job)
  local sets = {P .. 'active:' .. job.client}
  if job.account then table.insert(sets, P .. 'acct:' .. job.account) end
  if job.ownerId then table.insert(sets, P .. 'owner:' .. job.ownerId) end
  return sets
end
-- Never shortens: one set outlives the longest-lived of its jobs.
local function extend(key, ms)
  if redis.call('PTTL', key) < tonumber(ms) then redis.call('PEXPIRE', key, ms) end
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
  for _, set in ipairs(trackingSets(P, job)) do redis.call('SREM', set, job.id) end
  redis.call('ZREM', P .. 'leases', job.id)
end
local function failed(P, job, outcomeJson, now, ttl)
  job.status = 'failed'
  job.outcome = outcomeJson
  ended(P, job, now, ttl)
  redis.call('INCR', P .. 'finished')
end
-- Results held for pickup: counted when kept, uncounted when freed or past their expiry.
-- P heldClients names each held result's client, and P heldByClient sums them per client.
local function releaseHeld(P, id)
  local size = redis.call('HGET', P .. 'heldSizes', id)
  if not size then return end
  redis.call('HDEL', P .. 'heldSizes', id)
  redis.call('ZREM', P .. 'held', id)
  redis.call('HINCRBY', P .. 'stats', 'heldBytes', -tonumber(size))
  local client = redis.call('HGET', P .. 'heldClients', id)
  if client then
    redis.call('HDEL', P .. 'heldClients', id)
    if redis.call('HINCRBY', P .. 'heldByClient', client, -tonumber(size)) <= 0 then redis.call('HDEL', P .. 'heldByClient', client) end
  end
end
-- Held results are ordered by expiry, which is also finishing order; two finished in the same
-- millisecond would tie and fall back to their ids' order, so a sequence breaks the tie (a
-- fraction of a millisecond: a double keeps three decimals of it at today's epoch).
local function hold(P, id, bytes, expiresAt, client)
  releaseHeld(P, id)
  local seq = redis.call('HINCRBY', P .. 'stats', 'heldSeq', 1) % 1000
  redis.call('ZADD', P .. 'held', expiresAt + seq / 1000, id)
  redis.call('HSET', P .. 'heldSizes', id, bytes)
  redis.call('HINCRBY', P .. 'stats', 'heldBytes', bytes)
  redis.call('HSET', P .. 'heldClients', id, client)
  redis.call('HINCRBY', P .. 'heldByClient', client, bytes)
end
local function purgeHeld(P, now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'held', '-inf', now, 'LIMIT', 0, 500)) do releaseHeld(P, id) end
end
local function heldBytes(P)
  return tonumber(redis.call('HGET', P .. 'stats', 'heldBytes') or '0')
end
local function heldByClient(P, client)
  return tonumber(redis.call('HGET', P .. 'heldByClient', client) or '0')
end
-- A client past its share of the budget loses its oldest uncollected results (never keep's).
local function dropOverCap(P, client, cap, keep)
  if heldByClient(P, client) <= cap then return end
  for _, id in ipairs(redis.call('ZRANGE', P .. 'held', 0, 999)) do
    if heldByClient(P, client) <= cap then return end
    if id ~= keep and redis.call('HGET', P .. 'heldClients', id) == client then
      releaseHeld(P, id)
      redis.call('DEL', P .. 'result:' .. id)
    end
  end
end
-- Milliseconds until enough held results expire for the bytes held to fall under the budget.
local function heldRetryMs(P, budget, now)
  local left = heldBytes(P)
  local entries = redis.call('ZRANGE', P .. 'held', 0, 999, 'WITHSCORES')
  local at = now
  for i = 1, #entries, 2 do
    if left < budget then break end
    left = left - tonumber(redis.call('HGET', P .. 'heldSizes', entries[i]) or '0')
    at = tonumber(entries[i + 1])
  end
  return math.max(0, at - now)
end
