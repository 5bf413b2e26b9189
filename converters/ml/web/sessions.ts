// Sessions on onnxruntime-web with the WebGPU → WASM fallback: if WebGPU fails (no session, or
// its first run throws), the engine moves to WASM for good; WebGPU builds carry both. One
// session at a time, so a worker never holds two models' weights.
import type * as Ort from "onnxruntime-web";
import type { Backend, OrtModule } from "./engine";

export type Feeds = Record<string, Ort.Tensor>;
/** What a model's caller needs of a session: inputs in, the named outputs out. */
export interface Runner {
  run(feeds: Feeds, fetches: string[]): Promise<Record<string, Ort.Tensor>>;
}

export class BackendSessions {
  private current: { key: string; session: Promise<Ort.InferenceSession> } | undefined;

  constructor(
    readonly ort: OrtModule,
    private backend: Backend,
  ) {}

  /** For people: which engine runs the model. */
  get description(): string {
    return this.backend === "webgpu" ? "WebGPU" : `WASM, ${this.ort.env.wasm.numThreads ?? 1} threads`;
  }

  /**
   * A runner for the model `key`, whose bytes `model` gives for a backend (a graph may differ
   * between them: DeepDream's MaxPool backward does).
   */
  async runner(key: string, model: (backend: Backend) => Uint8Array): Promise<Runner> {
    if (this.backend === "wasm") return this.open(key, model);
    let runner: Runner;
    try {
      runner = await this.open(key, model);
    } catch (error) {
      runner = await this.fallBack(error, key, model);
    }
    let proven = false;
    return {
      run: async (feeds, fetches) => {
        if (proven || this.backend === "wasm") return runner.run(feeds, fetches);
        try {
          const out = await runner.run(feeds, fetches);
          proven = true;
          return out;
        } catch (error) {
          runner = await this.fallBack(error, key, model);
          return runner.run(feeds, fetches);
        }
      },
    };
  }

  private fallBack(error: unknown, key: string, model: (backend: Backend) => Uint8Array): Promise<Runner> {
    console.warn(`${key} on WebGPU failed; using WASM instead.`, error);
    this.backend = "wasm";
    void this.current?.session.then((s) => s.release()).catch(() => {});
    this.current = undefined;
    return this.open(key, model);
  }

  private async open(key: string, model: (backend: Backend) => Uint8Array): Promise<Runner> {
    const keyed = `${this.backend}:${key}`;
    if (this.current?.key !== keyed) {
      void this.current?.session.then((s) => s.release()).catch(() => {});
      const options = { graphOptimizationLevel: "all", executionMode: "sequential" } as const;
      // Ops the WebGPU provider lacks run on WASM within the same session.
      const providers = this.backend === "webgpu" ? ["webgpu", "wasm"] : ["wasm"];
      const session = this.ort.InferenceSession.create(model(this.backend), { ...options, executionProviders: providers });
      this.current = { key: keyed, session };
      session.catch(() => {
        if (this.current?.session === session) this.current = undefined;
      });
    }
    const session = await this.current.session;
    return { run: async (feeds, fetches) => session.run(feeds, fetches) };
  }
}

const perEngine = new WeakMap<OrtModule, BackendSessions>();

/** The worker's sessions for a loaded engine: one current session across all heavy converters. */
export function sessionsFor(ort: OrtModule, backend: Backend): BackendSessions {
  let sessions = perEngine.get(ort);
  if (!sessions) perEngine.set(ort, (sessions = new BackendSessions(ort, backend)));
  return sessions;
}
