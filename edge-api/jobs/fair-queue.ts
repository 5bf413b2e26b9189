// Round-robin across clients, for the in-process adapter (the Redis adapter does the same in
// Lua): each client has its own FIFO, and the next job comes from the client with queued work
// that was served least recently. A client's backlog of 200 then delays another client's one
// job by at most one job per worker.

export class FairQueue {
  /** Clients with queued jobs, each with its FIFO of ids. */
  private readonly queues = new Map<string, string[]>();
  /** When each client last had a job taken (kept for a while after its queue empties). */
  private readonly served = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  get size() {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  *ids(): Iterable<string> {
    for (const q of this.queues.values()) yield* [...q];
  }

  push(client: string, id: string) {
    this.queueOf(client).push(id);
  }

  /** A job that has waited once already goes to the front of its client's queue. */
  unshift(client: string, id: string) {
    this.queueOf(client).unshift(id);
  }

  remove(client: string, id: string) {
    const q = this.queues.get(client);
    const i = q?.indexOf(id) ?? -1;
    if (i >= 0) q!.splice(i, 1);
    if (q?.length === 0) this.queues.delete(client);
  }

  shift(): { client: string; id: string } | undefined {
    const client = this.order()[0];
    if (client === undefined) return undefined;
    const q = this.queues.get(client)!;
    const id = q.shift()!;
    if (q.length === 0) this.queues.delete(client);
    this.served.set(client, this.now());
    return { client, id };
  }

  /** How many jobs will be taken before this one, if nothing new arrives. */
  position(client: string, id: string): number | undefined {
    const index = this.queues.get(client)?.indexOf(id) ?? -1;
    if (index < 0) return undefined;
    const order = this.order();
    const rank = order.indexOf(client);
    let ahead = index;
    order.forEach((other, i) => {
      if (other !== client) ahead += Math.min(this.queues.get(other)!.length, index + (i < rank ? 1 : 0));
    });
    return ahead;
  }

  /** Round-robin, a new job of `client` waits for each other client's next job and for its own queued ones. */
  ahead(client: string, workOf: (id: string) => number): number {
    let seconds = 0;
    for (const [other, q] of this.queues) seconds += other === client ? q.reduce((sum, id) => sum + workOf(id), 0) : workOf(q[0]!);
    return seconds;
  }

  /** Drops the served times of clients idle since `before`. */
  forget(before: number) {
    for (const [client, at] of this.served) if (at < before && !this.queues.has(client)) this.served.delete(client);
  }

  /** Clients with queued jobs, least recently served first; ties keep arrival order. */
  private order(): string[] {
    return [...this.queues.keys()].map((c, i) => ({ c, i, at: this.served.get(c) ?? 0 })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.c);
  }

  private queueOf(client: string) {
    let q = this.queues.get(client);
    if (!q) this.queues.set(client, (q = []));
    return q;
  }
}
