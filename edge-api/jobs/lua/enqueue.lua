--! keys=3 prelude
-- KEYS: job, input (already written), idem (or ""); ARGV: stored json, ttlMs, id, prefix, maxWaitMs,
-- maxPerClient ("" = no limits), maxQueuedBytes, maxPerAccount (or ""), maxHeldBytes (or ""), fingerprint (or "")
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
return {1, json}
