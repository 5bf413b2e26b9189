// The server side of bench/api.ts: the real API app on @hono/node-server, with one finished
// and one running job, plus a hello-world route on the same server as the baseline.
import { serve } from "@hono/node-server";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnv } from "../edge-api/env";
import { createRuntime } from "../edge-api/runtime";

const runtime = createRuntime({ worker: false }, loadEnv({ JOB_TTL_SECONDS: "3600" }));
const { queue } = runtime;
const input = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "chelsea.png"));

const finished = (await queue.enqueue({ converter: "grayscale", params: {}, fileName: "chelsea.png" }, input)).record.id;
const running = (await queue.enqueue({ converter: "grayscale", params: {} }, input)).record.id;
// A small finished result (a 150×100 JPEG, about what a thumbnail-sized job returns).
const sharp = (await import("sharp")).default;
const result = await sharp(input).resize(150, 100).jpeg().toBuffer();
await queue.claim("bench");
await queue.complete(finished, "bench", new Uint8Array(result), "image/jpeg");
await queue.claim("bench");
await queue.heartbeat(running, "bench", 0.4);

runtime.app.get("/bench/hello", (c) => c.text("Hello, world!"));
// This process's CPU time so far (µs, all its threads): bench/api.ts reads it between phases.
runtime.app.get("/bench/cpu", (c) => c.json(process.cpuUsage()));
// The same bytes as the finished job, with no job lookup: how much of its cost is the payload.
const bytes = new Uint8Array(result);
runtime.app.get("/bench/bytes", (c) => c.body(bytes, 200, { "Content-Type": "image/jpeg" }));
serve({ fetch: runtime.app.fetch, port: Number(process.env.PORT ?? 3950) }, (info) => {
  console.log(JSON.stringify({ port: info.port, finished, running }));
});
