import { Redis } from "ioredis";
import { newJobId } from "./ids";
import { scripts } from "./redis-scripts";
import {
  type Claimed,
  type CompletionExtra,
  type HeartbeatAnswer,
  type JobProblem,
  type JobQueue,
  type JobRecord,
  type JobSpec,
  LOST_WORKER_PROBLEM,
  type QueueOptions,
} from "./types";

type ScriptName = keyof typeof scripts;
type ScriptCall = (...args: (string | Buffer | number)[]) => Promise<unknown>;
/** ioredis adds each defined script as a method, and a `…Buffer` twin that returns Buffers. */
type Scripted = Redis & Record<ScriptName | `${ScriptName}Buffer`, ScriptCall>;

/** The production adapter: any number of API and worker processes share one Redis. */
export class RedisJobQueue implements JobQueue {
  private readonly redis: Scripted;
  private readonly prefix: string;

  constructor(
    url: string,
    private readonly options: QueueOptions & { prefix?: string },
  ) {
    this.prefix = options.prefix ?? "ie:";
    // Fail fast rather than queue commands forever while Redis is down; callers answer 503.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }) as Scripted;
    this.redis.on("error", () => {});
    for (const [name, { numberOfKeys, lua }] of Object.entries(scripts)) {
      this.redis.defineCommand(name, { numberOfKeys, lua });
    }
  }

  private key(kind: "job" | "input" | "result", id: string) {
    return `${this.prefix}${kind}:${id}`;
  }
  private get queueKey() {
    return `${this.prefix}queue`;
  }
  private get leasesKey() {
    return `${this.prefix}leases`;
  }

  async enqueue(spec: JobSpec, input: Uint8Array, options: { idempotencyKey?: string } = {}) {
    const id = newJobId();
    const record: JobRecord = { ...spec, id, status: "queued", progress: 0, attempts: 0, createdAt: 0, updatedAt: 0 };
    const idemKey = options.idempotencyKey ? `${this.prefix}idem:${spec.ownerId ?? "anon"}:${options.idempotencyKey}` : "";
    const [created, json] = (await this.redis.enqueue(
      this.key("job", id),
      this.key("input", id),
      this.queueKey,
      idemKey,
      JSON.stringify(record),
      Buffer.from(input.buffer, input.byteOffset, input.byteLength),
      this.options.ttlMs,
      id,
      this.prefix,
    )) as [number, string];
    return { record: parse(json), created: created === 1 };
  }

  async get(id: string) {
    const json = await this.redis.get(this.key("job", id));
    return json ? parse(json) : undefined;
  }

  async getResult(id: string) {
    const [json, data] = await this.redis.multi().get(this.key("job", id)).getBuffer(this.key("result", id)).exec().then((r) => r!.map((x) => x[1]) as [string | null, Buffer | null]);
    return json && data && parse(json).status === "done" ? new Uint8Array(data) : undefined;
  }

  async cancel(id: string) {
    const keys = [this.key("job", id), this.key("input", id), this.key("result", id), this.leasesKey, this.queueKey];
    return (await this.redis.cancel(...keys, id, this.options.ttlMs)) === 1;
  }

  async depth() {
    return this.redis.llen(this.queueKey);
  }

  async claim(workerId: string): Promise<Claimed | undefined> {
    const out = (await this.redis.claimBuffer(this.queueKey, this.leasesKey, this.prefix, workerId, this.options.leaseMs, this.options.ttlMs)) as
      | [Buffer, Buffer]
      | null;
    if (!out) return undefined;
    return { record: parse(out[0].toString()), input: new Uint8Array(out[1]) };
  }

  async heartbeat(id: string, workerId: string, progress: number): Promise<HeartbeatAnswer> {
    const keys = [this.key("job", id), this.key("input", id), this.leasesKey];
    return (await this.redis.heartbeat(...keys, id, workerId, progress, this.options.leaseMs, this.options.ttlMs)) as HeartbeatAnswer;
  }

  async complete(id: string, workerId: string, result: Uint8Array, mime: string, extra: CompletionExtra = {}) {
    return this.finish(id, workerId, { ...extra, status: "done", progress: 1, resultMime: mime }, Buffer.from(result.buffer, result.byteOffset, result.byteLength));
  }

  async fail(id: string, workerId: string, problem: JobProblem) {
    return this.finish(id, workerId, { status: "failed", error: problem }, "");
  }

  async reap() {
    return (await this.redis.reap(this.leasesKey, this.queueKey, this.prefix, this.options.maxAttempts, this.options.ttlMs, JSON.stringify(LOST_WORKER_PROBLEM))) as number;
  }

  async ping() {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close() {
    this.redis.disconnect();
  }

  private async finish(id: string, workerId: string, changes: Partial<JobRecord>, result: Buffer | "") {
    const keys = [this.key("job", id), this.key("input", id), this.key("result", id), this.leasesKey];
    return (await this.redis.finish(...keys, id, workerId, this.options.ttlMs, JSON.stringify(changes), result)) === 1;
  }
}

function parse(json: string): JobRecord {
  return JSON.parse(json) as JobRecord;
}
