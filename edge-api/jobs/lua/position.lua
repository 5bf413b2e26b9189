--! keys=2
-- KEYS: job, ready; ARGV: prefix. Jobs taken before this one; -1 if it is not queued.
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
return ahead
