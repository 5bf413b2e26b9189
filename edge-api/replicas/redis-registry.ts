import { Redis } from "ioredis";
import { byStart, FORGET_AFTER_MS, type ReplicaBeat, type ReplicaRecord, type ReplicaRegistry } from "./types";

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// One hash of replica id → JSON. Time comes from Redis, so replicas with skewed clocks agree.
const scripts = {
  // KEYS: hash; ARGV: id, json, forgetMs. The hash outlives its last beat briefly, then goes.
  beat: `${NOW}
local r = cjson.decode(ARGV[2])
r.lastSeen = now
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[3]))`,
  // KEYS: hash; ARGV: forgetMs. Returns now, then the live replicas' JSON.
  list: `${NOW}
local out = {tostring(now)}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local r = cjson.decode(all[i + 1])
  if now - r.lastSeen > tonumber(ARGV[1]) then redis.call('HDEL', KEYS[1], all[i]) else table.insert(out, all[i + 1]) end
end
return out`,
};

type Scripted = Redis & { beat(key: string, id: string, json: string, forgetMs: number): Promise<unknown>; list(key: string, forgetMs: number): Promise<string[]> };

export class RedisReplicaRegistry implements ReplicaRegistry {
  private readonly redis: Scripted;
  private readonly key: string;

  constructor(url: string, prefix = "ie:", private readonly forgetMs = FORGET_AFTER_MS) {
    this.key = `${prefix}replicas`;
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false, commandTimeout: 2000 }) as Scripted;
    this.redis.on("error", () => {});
    this.redis.defineCommand("beat", { numberOfKeys: 1, lua: scripts.beat });
    this.redis.defineCommand("list", { numberOfKeys: 1, lua: scripts.list });
  }

  async beat(replica: ReplicaBeat) {
    await this.redis.beat(this.key, replica.id, JSON.stringify(replica), this.forgetMs);
  }

  async list() {
    const [now, ...rows] = await this.redis.list(this.key, this.forgetMs);
    return { now: Number(now), replicas: rows.map((row) => JSON.parse(row) as ReplicaRecord).sort(byStart) };
  }

  async leave(id: string) {
    await this.redis.hdel(this.key, id);
  }

  async close() {
    this.redis.disconnect();
  }
}
