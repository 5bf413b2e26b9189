--! keys=1
-- KEYS: ready; ARGV: prefix, client. Seconds of work a new job of the client waits behind
-- (round-robin: each other client's next job, and all of its own), as a string.
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
return tostring(seconds)
