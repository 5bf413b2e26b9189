import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, test } from "vitest";
import { isDraining, shutdown } from "./lifecycle";
import { checkDataDir } from "./preflight";
import { testRuntime } from "./testing";

const server = createServer((_req, res) => res.end("served"));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const { port } = server.address() as AddressInfo;
afterAll(() => server.close());

const get = (path = "/") =>
  new Promise<number>((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });

test("shutdown drains: readiness 503 at once, requests served through the delay, then the server closes before the rest", async () => {
  const runtime = testRuntime({}, { worker: false });
  expect((await runtime.app.request("/readyz")).status).toBe(200);

  const steps: string[] = [];
  let endDelay = () => {};
  const delay = new Promise<void>((r) => (endDelay = r));
  const done = shutdown({
    server,
    delaySeconds: 5,
    wait: async (ms) => {
      steps.push(`wait ${ms}`);
      await delay;
    },
    close: async () => {
      steps.push(`close (listening: ${server.listening})`);
    },
    exit: (code) => steps.push(`exit ${code}`),
    log: () => {},
  });
  expect(isDraining()).toBe(true);
  const readyz = await runtime.app.request("/readyz");
  expect(readyz.status).toBe(503);
  expect(await readyz.json()).toMatchObject({ detail: "This replica is shutting down." });
  expect(await get()).toBe(200); // still serving while endpoints update
  endDelay();
  await done;
  expect(steps).toEqual(["wait 5000", "close (listening: false)", "exit 0"]);
  await expect(get()).rejects.toThrow(/ECONNREFUSED/);
  await runtime.close();
});

test("a data folder that cannot be written is named, with the uid and what to do", () => {
  expect(checkDataDir("/etc/hostname/data")).toMatch(/^DATA_DIR \/etc\/hostname\/data is not writable by uid \d+ \((ENOTDIR|EACCES|EEXIST)\)\. .*mount a writable volume/);
  expect(checkDataDir(`/tmp/ie-preflight-${process.pid}`)).toBeUndefined();
});
