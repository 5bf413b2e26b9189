import * as Comlink from "comlink";

export interface BridgeOptions {
  /** Terminate the worker after this long without calls, to give its memory back. */
  idleMs?: number;
}

/**
 * The one way the page reaches a worker, after Squoosh's WorkerBridge: calls run one at a time
 * in order, an AbortSignal cancels a call (a running one by terminating the worker, since wasm
 * cannot be interrupted), and an idle worker is ended. Pass buffers with Comlink.transfer.
 */
export class WorkerBridge<T> {
  private worker: Worker | undefined;
  private remote: Comlink.Remote<T> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly idleMs: number;

  constructor(
    private readonly create: () => Worker,
    options: BridgeOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 30_000;
  }

  /**
   * With `keep: true` an abort rejects the caller at once but lets the worker finish the call,
   * so what it keeps (the editor's decoded photo) survives; the next call waits for it.
   */
  call<R>(fn: (remote: Comlink.Remote<T>) => Promise<R>, signal?: AbortSignal, { keep = false }: { keep?: boolean } = {}): Promise<R> {
    const result = new Promise<R>((resolve, reject) => {
      const aborted = () => reject(signal?.reason ?? new DOMException("Aborted", "AbortError"));
      const turn = async () => {
        if (signal?.aborted) return aborted();
        clearTimeout(this.idleTimer);
        const remote = this.start();
        let onAbort = () => {};
        // A terminated worker never answers, so the turn ends on the abort itself; otherwise the
        // queue behind it would wait forever.
        const abortion = new Promise<never>((_, rejectAbort) => {
          onAbort = () => {
            this.terminate();
            rejectAbort(signal?.reason ?? new DOMException("Aborted", "AbortError"));
          };
          if (!keep) signal?.addEventListener("abort", onAbort, { once: true });
        });
        try {
          resolve(await (keep ? fn(remote) : Promise.race([fn(remote), abortion])));
        } catch (error) {
          reject(error);
        } finally {
          signal?.removeEventListener("abort", onAbort);
          this.scheduleIdle();
        }
      };
      // A call aborted while it waits rejects at once; its turn then passes straight through.
      signal?.addEventListener("abort", aborted, { once: true });
      this.tail = this.tail.then(turn, turn);
    });
    return result;
  }

  terminate(): void {
    clearTimeout(this.idleTimer);
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  private start(): Comlink.Remote<T> {
    if (!this.remote) {
      this.worker = this.create();
      this.remote = Comlink.wrap<T>(this.worker);
    }
    return this.remote;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}
