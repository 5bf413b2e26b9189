// A pod's end, the same for every role. On SIGTERM the process first says it is draining (/readyz
// answers 503, so the Service stops sending it new connections), keeps serving while that news
// reaches every node (SHUTDOWN_DELAY_SECONDS), then stops listening, lets in-flight requests
// finish, hands back or finishes its jobs, closes its connections and exits, well inside the
// grace period. The flag lives on globalThis: Next's bundled copy of this module and the role's
// entry are different module instances in one process.
import type { Server } from "node:http";

const key = Symbol.for("image-editor.draining");
type Holder = { [key]?: boolean };

/** Where runtime.ts keeps the runtime inside Next, so a role's entry can close it without importing it. */
export const EMBEDDED_RUNTIME = Symbol.for("image-editor.runtime");

/** Closes the runtime Next created, if a request has created one. */
export async function closeEmbeddedRuntime(): Promise<void> {
  await (globalThis as { [EMBEDDED_RUNTIME]?: { close(): Promise<void> } })[EMBEDDED_RUNTIME]?.close();
}

export function isDraining(): boolean {
  return (globalThis as Holder)[key] === true;
}

export function startDraining(): void {
  (globalThis as Holder)[key] = true;
}

export interface ShutdownOptions {
  /** The listening server, closed after the delay (in-flight requests finish). */
  server?: Server;
  /** Seconds to go on serving after /readyz turns 503, while endpoints update. */
  delaySeconds: number;
  /** Everything after the server: jobs, queues, databases. */
  close: () => Promise<void>;
  /** After this long, in-flight requests are cut and the process exits anyway. */
  hardStopSeconds?: number;
  log?: (line: string) => void;
  exit?: (code: number) => void;
  wait?: (ms: number) => Promise<void>;
}

/** The shutdown sequence; returns once the process may exit (exit is called with its code). */
export async function shutdown(options: ShutdownOptions): Promise<void> {
  const { server, delaySeconds, log = console.log, exit = process.exit, wait = (ms) => new Promise((r) => setTimeout(r, ms)) } = options;
  const hardStop = setTimeout(() => {
    log("shutdown: still busy at the hard stop; exiting");
    exit(1);
  }, (options.hardStopSeconds ?? delaySeconds + 60) * 1000);
  hardStop.unref();
  startDraining();
  log(`shutdown: draining (readiness 503), serving ${delaySeconds} s more`);
  if (delaySeconds > 0) await wait(delaySeconds * 1000);
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections would hold close() open: each goes as soon as its request is answered.
    const idle = setInterval(() => server.closeIdleConnections(), 250);
    server.closeIdleConnections();
    await closed;
    clearInterval(idle);
    log("shutdown: server closed");
  }
  let code = 0;
  try {
    await options.close();
  } catch (error) {
    log(`shutdown: closing failed: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  clearTimeout(hardStop);
  log("shutdown: done");
  exit(code);
}

/** Runs the sequence on the first SIGTERM or SIGINT; a second signal exits at once. */
export function onTerminate(options: () => ShutdownOptions): void {
  let started = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (started) process.exit(1);
      started = true;
      void shutdown(options());
    });
  }
}
