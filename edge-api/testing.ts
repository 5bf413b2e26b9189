// Builds the API in-process for app.request() tests: the real app, queue and runner.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ApiProblem, apiClient, pollJob } from "../contract/client";
import { users } from "./db/schema";
import { loadEnv } from "./env";
import { beforeAll, afterAll } from "vitest";
import { createRuntime, type Runtime, type Services } from "./runtime";
import type { Backend } from "./test-backends";

export const fixtures = join(import.meta.dirname, "..", "test", "fixtures");
export const coffee = readFileSync(join(fixtures, "coffee.png"));

export function testRuntime(vars: Record<string, string> = {}, roles: { worker: boolean; web?: boolean } = { worker: true }) {
  return createRuntime(roles, loadEnv({ DATA_DIR: "./data/test", ...vars }));
}

/** The enclosing describe's runtime on `backend`: made before its tests, closed and torn down after them. */
export function runtimeOn(backend: Backend, vars: Record<string, string> = {}, roles?: { worker: boolean; web?: boolean }): () => Runtime {
  let runtime: Runtime | undefined;
  let teardown: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    runtime = testRuntime({ ...setup.vars, ...vars }, roles);
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await teardown?.();
  });
  return () => {
    if (!runtime) throw new Error("The runtime is made in beforeAll: use it inside a test.");
    return runtime;
  };
}

export function form(fields: Record<string, string | Blob>, fileName = "coffee.png"): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string") body.append(k, v);
    else body.append(k, v, fileName);
  }
  return body;
}

export const png = (bytes: Uint8Array | Buffer) => new Blob([new Uint8Array(bytes)], { type: "image/png" });

/** The contract's client over a request function (app.request, or a shape's): no port, no network. */
export const clientOver = (request: (path: string, init: RequestInit) => Response | Promise<Response>) =>
  apiClient({ baseUrl: "http://app.test", fetch: async (req) => request(new URL(req.url).pathname + new URL(req.url).search, { method: req.method, headers: req.headers, body: req.body, ...(req.body && { duplex: "half" }) }) });

/**
 * Polls a job as every client does (the contract's pollJob: Retry-After, here capped at 200 ms for
 * tests) and returns its final answer as it came, for the test to read: 200 with the image, or the problem.
 */
export async function pollUntilDone(request: (path: string) => Response | Promise<Response>, id: string, timeoutMs = 30_000) {
  let last: Response | undefined;
  const api = clientOver(async (path) => {
    const res = await request(path);
    last = res.clone();
    return res;
  });
  await pollJob(api, id, { timeoutMs, maxIntervalMs: 200 }).catch((error: unknown) => {
    if (!(error instanceof ApiProblem)) throw error;
  });
  return last!;
}

/** Hono's third app.request() argument: what @hono/node-server passes, here a socket's address. */
export const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/**
 * Signed-in accounts made straight in the database, each with a live session and its Bearer
 * header: registering and logging in hash with scrypt, too slow for tests that need many.
 */
export async function quickAccounts(services: Pick<Services, "database" | "sessions" | "tokens">, count: number) {
  const db = await services.database.db();
  const made = await db
    .insert(users)
    .values(Array.from({ length: count }, () => ({ email: `quick-${randomUUID()}@example.org`, passwordHash: "no password: made by a test" })))
    .returning();
  return Promise.all(
    made.map(async ({ id, email }) => ({ id, headers: { Authorization: `Bearer ${await services.tokens.sign({ id, email }, await services.sessions.open(id))}` } })),
  );
}
