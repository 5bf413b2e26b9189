import { Redis } from "ioredis";
import { HELD_SHARE_PER_CLIENT, retryAfterSeconds } from "./held-results";
import { newJobId } from "./ids";
import { failedOutcome, fromStored, type Outcome, toStored } from "./redis-record";
import { scripts } from "./redis-scripts.generated";
import { DECAY } from "./speed-ratio";
import { WorkSignal } from "./work-signal";
import {
  type Claimed,
  type CompletionExtra,
  DEFAULT_MAX_WAIT_MS,
  type EnqueueLimits,
  type EnqueueOptions,
  type Enqueued,
  type Refused,
  type HeartbeatAnswer,
  type JobProblem,
  type JobQueue,
  type JobRecord,
  type JobSpec,
  LOST_WORKER_PROBLEM,
  type QueueOptions,
  type QueueStats,
  WAITED_TOO_LONG,
} from "./types";

type ScriptName = keyof typeof scripts;
type ScriptCall = (...args: (string | Buffer | number)[]) => Promise<unknown>;
/** ioredis adds each defined script as a method, and a `…Buffer` twin that returns Buffers. */
type Scripted = Redis & Record<ScriptName | `${ScriptName}Buffer`, ScriptCall>;
type ScriptedPipeline = Record<ScriptName, (...args: (string | Buffer | number)[]) => ScriptedPipeline> & {
  exec(): Promise<[Error | null, unknown][] | null>;
};

/** The production adapter: any number of API and worker processes share one Redis. */
export class RedisJobQueue implements JobQueue {
  private readonly redis: Scripted;
  private readonly prefix: string;
  private readonly maxWaitMs: number;
  /** Wakes this process's idle workers when any process queues or hands back a job (pub/sub). */
  private readonly work = new WorkSignal();
  private subscriber?: Redis;
  private subscribed?: Promise<unknown>;

  constructor(
    url: string,
    private readonly options: QueueOptions & { prefix?: string },
  ) {
    this.prefix = options.prefix ?? "ie:";
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    // Fail fast rather than queue commands forever while Redis is down; callers answer 503. A
    // command waits out a short reconnect, but never more than 5 s (seen: 12 s at p99 without it).
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, commandTimeout: 5000 }) as Scripted;
    this.redis.on("error", () => {});
    for (const [name, { numberOfKeys, lua }] of Object.entries(scripts)) {
      this.redis.defineCommand(name, { numberOfKeys, lua });
    }
  }

  private key(kind: "job" | "input" | "result", id: string) {
    return `${this.prefix}${kind}:${id}`;
  }
  private k(name: "ready" | "waiting" | "leases" | "stats" | "finished" | "wake") {
    return `${this.prefix}${name}`;
  }

  async enqueue(spec: JobSpec, input: Uint8Array, options: Pick<EnqueueOptions, "idempotencyKey"> = {}): Promise<Enqueued> {
    return (await this.put(spec, input, options)) as Enqueued;
  }

  async admit(spec: JobSpec, input: Uint8Array, limits: EnqueueLimits, options: EnqueueOptions = {}) {
    return this.put(spec, input, { ...options, limits });
  }

  private async put(spec: JobSpec, input: Uint8Array, options: EnqueueOptions & { limits?: EnqueueLimits }): Promise<Enqueued | Refused> {
    const id = newJobId();
    const record: JobRecord = { ...spec, client: spec.client ?? "anon", id, status: "queued", progress: 0, attempts: 0, createdAt: 0, updatedAt: 0, inputBytes: input.byteLength, waitUntil: 0 };
    const idemKey = options.idempotencyKey ? `${this.prefix}idem:${spec.ownerId ?? "anon"}:${options.idempotencyKey}` : "";
    const inputKey = this.key("input", id);
    const { limits } = options;
    const limitArgs = [limits?.maxPerClient ?? "", limits?.maxQueuedBytes ?? "", limits?.maxPerAccount ?? "", limits?.maxHeldResultBytes ?? "", options.fingerprint ?? ""];
    const [code, json, retryMs] = (await this.afterWriting(inputKey, input, (p) =>
      p.enqueue(this.key("job", id), inputKey, idemKey, toStored(record), this.options.ttlMs, id, this.prefix, this.maxWaitMs, ...limitArgs),
    )) as [number, string, number?];
    if (code === 2) {
      const refused = json as Refused["refused"];
      return refused === "held-results" ? { refused, retryAfterSeconds: retryAfterSeconds(retryMs ?? 0) } : { refused };
    }
    if (code === 1) this.wake();
    return { record: fromStored(json), created: code === 1 };
  }

  /** Tells every process's idle workers a job may be ready; a lost message costs one wait's timeout. */
  private wake() {
    this.redis.publish(this.k("wake"), "1").catch(() => {});
  }

  async get(id: string) {
    const json = await this.redis.get(this.key("job", id));
    return json ? fromStored(json) : undefined;
  }

  async getResult(id: string) {
    const [json, data] = await this.redis.multi().get(this.key("job", id)).getBuffer(this.key("result", id)).exec().then((r) => r!.map((x) => x[1]) as [string | null, Buffer | null]);
    return json && data && fromStored(json).status === "done" ? new Uint8Array(data) : undefined;
  }

  async cancel(id: string) {
    return (await this.redis.cancel(this.key("job", id), this.key("result", id), id, this.options.ttlMs, this.prefix)) === 1;
  }

  async cancelOwnedBy(ownerId: string) {
    return (await this.redis.cancelOwned(`${this.prefix}owner:${ownerId}`, this.prefix, this.options.ttlMs)) as number;
  }

  async finished() {
    return Number((await this.redis.get(this.k("finished"))) ?? 0);
  }

  async depth() {
    return this.redis.zcard(this.k("waiting"));
  }

  async stats(): Promise<QueueStats> {
    const [depth, bytes, seconds, estimated, measured, held] = (await this.redis.stats(this.k("stats"), this.k("waiting"), this.prefix)) as [number, ...(string | null)[]];
    const est = Number(estimated ?? 0);
    return {
      depth,
      queuedBytes: Math.max(0, Number(bytes ?? 0)),
      queuedSeconds: Math.max(0, Number(seconds ?? 0)),
      heldResultBytes: Math.max(0, Number(held ?? 0)),
      speedRatio: est > 0 ? Number(measured ?? 0) / est : 1,
    };
  }

  async ahead(client: string) {
    return { seconds: Number(await this.redis.ahead(this.k("ready"), this.prefix, client)) };
  }

  async position(id: string) {
    const ahead = (await this.redis.position(this.key("job", id), this.k("ready"), this.prefix)) as number;
    return ahead < 0 ? undefined : ahead;
  }

  async claim(workerId: string): Promise<Claimed | undefined> {
    for (;;) {
      const json = (await this.redis.claim(this.k("ready"), this.prefix, workerId, this.options.leaseMs, this.options.ttlMs, this.maxWaitMs, failedOutcome(WAITED_TOO_LONG))) as string | null;
      if (!json) return undefined;
      const record = fromStored(json);
      const input = await this.redis.getBuffer(this.key("input", record.id));
      if (input) return { record, input: new Uint8Array(input.buffer, input.byteOffset, input.byteLength) };
      // Cancelled between the claim and the read (then this changes nothing), or gone with Redis' memory.
      await this.fail(record.id, workerId, { status: 500, title: "Conversion failed", detail: "The uploaded image was lost before a worker took it; send it again." });
    }
  }

  async heartbeat(id: string, workerId: string, progress: number): Promise<HeartbeatAnswer> {
    const keys = [this.key("job", id), this.key("input", id), this.k("leases")];
    return (await this.redis.heartbeat(...keys, id, workerId, progress, this.options.leaseMs, this.options.ttlMs, this.prefix)) as HeartbeatAnswer;
  }

  async complete(id: string, workerId: string, result: Uint8Array, mime: string, { runSeconds, ...extra }: CompletionExtra = {}) {
    return this.finish(id, workerId, "done", { ...extra, resultMime: mime }, runSeconds, result);
  }

  async fail(id: string, workerId: string, problem: JobProblem) {
    return this.finish(id, workerId, "failed", { error: problem });
  }

  async release(id: string, workerId: string) {
    const released = (await this.redis.release(this.key("job", id), this.k("leases"), id, workerId, this.prefix, this.maxWaitMs, this.options.ttlMs)) === 1;
    if (released) this.wake();
    return released;
  }

  async reap() {
    const args = [this.prefix, this.options.maxAttempts, this.options.ttlMs, failedOutcome(LOST_WORKER_PROBLEM), this.maxWaitMs, failedOutcome(WAITED_TOO_LONG)];
    const touched = (await this.redis.reap(this.k("leases"), this.k("waiting"), ...args)) as number;
    if (touched > 0) this.wake();
    return touched;
  }

  async waitForWork(timeoutMs: number, signal?: AbortSignal) {
    // Subscribed on the first wait: an api process, which never waits, holds no second connection.
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      subscriber.on("error", () => {});
      subscriber.on("message", () => this.work.notify());
      this.subscriber = subscriber;
      // Refused (Redis down at the first wait): the next wait subscribes afresh, rather than this
      // process falling back to the timeout for good.
      this.subscribed = subscriber.subscribe(this.k("wake")).catch(() => {
        subscriber.disconnect();
        if (this.subscriber === subscriber) this.subscriber = undefined;
      });
    }
    await this.subscribed;
    return this.work.wait(timeoutMs, signal);
  }

  async ping() {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close() {
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }

  private async finish(id: string, workerId: string, status: "done" | "failed", outcome: Outcome, runSeconds?: number, result?: Uint8Array) {
    const keys = [this.key("job", id), this.key("result", id)];
    const share = this.options.maxHeldResultBytes === undefined ? "" : Math.floor(this.options.maxHeldResultBytes * HELD_SHARE_PER_CLIENT);
    const args = [id, workerId, this.options.ttlMs, status, runSeconds ?? "", result?.byteLength ?? "", JSON.stringify(outcome), this.prefix, DECAY, share];
    if (!result) return (await this.redis.finish(...keys, "", ...args)) === 1;
    const written = `${this.key("result", id)}:${workerId}`;
    return (await this.afterWriting(written, result, (p) => p.finish(...keys, written, ...args))) === 1;
  }

  /** A plain SET of an image, then a script, in one round trip and in that order. */
  private async afterWriting(key: string, data: Uint8Array, then: (p: ScriptedPipeline) => ScriptedPipeline) {
    const pipeline = this.redis.pipeline().set(key, Buffer.from(data.buffer, data.byteOffset, data.byteLength), "PX", this.options.ttlMs);
    const replies = await then(pipeline as unknown as ScriptedPipeline).exec();
    if (!replies) throw new Error("Redis dropped the pipeline.");
    for (const [error] of replies) if (error) throw error;
    return replies[1]![1];
  }
}
