// What the drills send: multipart jobs and saves from named addresses, polled as a client
// should, honouring Retry-After, and accounts signed in by Bearer token.
import { ApiProblem, pollJob } from "../../contract/client";
import { clientOver, form } from "../testing";
import type { Shape } from "./shapes";

export interface Answer {
  status: number;
  detail?: string;
  /** For a job: its estimate at submission and its run time to the answer, in seconds. */
  estimate?: number;
  seconds?: number;
}

const blob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]);

/** Submits a job and polls it to its end: the final status and words. */
export async function convert(shape: Shape, address: string, image: Uint8Array, fields: Record<string, string> = {}, headers: Record<string, string> = {}, timeoutMs = 240_000): Promise<Answer> {
  const started = performance.now();
  const res = await shape.request("/api/conversions", { method: "POST", body: form({ image: blob(image), ...fields }, "drill.img"), headers }, address);
  const body = (await res.json().catch(() => ({}))) as { id?: string; detail?: string; estimatedSeconds?: number };
  if (res.status !== 202 || !body.id) return { status: res.status, detail: body.detail };
  const done = await poll(shape, address, body.id, headers, timeoutMs);
  return { ...done, estimate: body.estimatedSeconds, seconds: (performance.now() - started) / 1000 };
}

/** Polls as every client does (the contract's pollJob), asking at least every 250 ms: the final status and words. */
export async function poll(shape: Shape, address: string, id: string, headers: Record<string, string> = {}, timeoutMs = 240_000): Promise<Answer> {
  const api = clientOver((path, init) => shape.request(path, init, address));
  try {
    await pollJob(api, id, { headers, timeoutMs, maxIntervalMs: 250 });
    return { status: 200 };
  } catch (error) {
    if (error instanceof ApiProblem) return { status: error.status, detail: error.detail };
    throw error;
  }
}

/** Submits without waiting: the 202's id, or the refusal. */
export async function submit(shape: Shape, address: string, image: Uint8Array, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await shape.request("/api/conversions", { method: "POST", body: form({ image: blob(image), ...fields }, "drill.img"), headers }, address);
  const body = (await res.json().catch(() => ({}))) as { id?: string; detail?: string };
  return { status: res.status, id: body.id, detail: body.detail };
}

export async function saveToGallery(shape: Shape, address: string, token: string, original: Uint8Array, result: Uint8Array): Promise<Answer> {
  const res = await shape.request("/api/gallery", { method: "POST", body: form({ original: blob(original), result: blob(result), converter: "invert" }), headers: bearer(token) }, address);
  const body = (await res.json().catch(() => ({}))) as { detail?: string };
  return { status: res.status, detail: body.detail };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Registers and signs in; the registration's status, and the token when it worked. Extra headers go with both. */
export async function account(shape: Shape, address: string, email: string, headers: Record<string, string> = {}): Promise<{ status: number; token?: string }> {
  const credentials = JSON.stringify({ email, password: "correct horse battery staple" });
  const post = (path: string) => shape.request(path, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: credentials }, address);
  const registered = await post("/api/auth/register");
  await registered.arrayBuffer();
  if (registered.status !== 201) return { status: registered.status };
  const login = await post("/api/auth/login?token=1");
  const { token } = (await login.json()) as { token?: string };
  return { status: registered.status, token };
}

/** The median of a list. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
