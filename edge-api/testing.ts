// Builds the API in-process for app.request() tests: the real app, queue and runner.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { users } from "./db/schema";
import { loadEnv } from "./env";
import { createRuntime, type Services } from "./runtime";

export const fixtures = join(import.meta.dirname, "..", "test", "fixtures");
export const coffee = readFileSync(join(fixtures, "coffee.png"));

export function testRuntime(vars: Record<string, string> = {}, roles: { worker: boolean; web?: boolean } = { worker: true }) {
  return createRuntime(roles, loadEnv({ DATA_DIR: "./data/test", ...vars }));
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

/** Polls a job the way a client should: honouring Retry-After, but capped for tests. */
export async function pollUntilDone(request: (path: string) => Response | Promise<Response>, id: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(`/api/jobs/${id}`);
    if (res.status !== 202) return res;
    if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, Math.min(200, Number(res.headers.get("Retry-After")) * 1000)));
  }
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
