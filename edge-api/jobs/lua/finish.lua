--! keys=3 prelude
-- KEYS: job, result, written result (or ""); ARGV: id, workerId, ttlMs, status, runSeconds (or ""),
-- resultBytes (or ""), outcome json, prefix, decay, the bytes one client may hold (or "").
-- The worker writes its result under a key of its own first; only the lease holder's is kept.
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
return 1
