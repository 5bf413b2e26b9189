// The Redis adapter's scripts that only read (stats also forgets held results past their
// expiry, so the bytes it reports are the bytes held). Keys and helpers: redis-lua.ts.
import { HELPERS, NOW } from "./redis-lua";

export const readScripts = {
  // KEYS: stats, waiting; ARGV: prefix. Depth, then the counters as strings (false when unset).
  stats: {
    numberOfKeys: 2,
    lua: `${NOW}${HELPERS}
purgeHeld(ARGV[1], now)
local s = redis.call('HMGET', KEYS[1], 'queuedBytes', 'queuedSeconds', 'estimated', 'measured', 'heldBytes')
return {redis.call('ZCARD', KEYS[2]), s[1], s[2], s[3], s[4], s[5]}`,
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
