import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ClusterStatus as Status } from "../../contract/client";
import type { Runtime } from "../runtime";
import { backends } from "../test-backends";
import { coffee, form, png, pollUntilDone, testRuntime } from "../testing";


for (const backend of backends) {
  describe(`GET /api/status (${backend.name})`, () => {
    let api: Runtime;
    let worker: Runtime | undefined;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      const setup = await backend.setup();
      teardown = setup.teardown;
      const production = backend.name === "production";
      // Production: an api and a worker role sharing Redis, as two processes would.
      // As the chart sets it from the downward API.
      const vars = { ...setup.vars, NODE_NAME: "node-a" };
      api = testRuntime(vars, { worker: !production });
      worker = production ? testRuntime(vars, { worker: true }) : undefined;
    });
    afterAll(async () => {
      await worker?.close();
      await api.close();
      await teardown();
    });

    test("names the replica that answered, lists every replica's heartbeat, and counts finished jobs", async () => {
      const before = (await (await api.app.request("/api/status")).json()) as Status;
      const accepted = await api.app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      expect((await pollUntilDone((p) => api.app.request(p), id)).status).toBe(200);

      const res = await api.app.request("/api/status");
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const status = (await res.json()) as Status;
      expect(status.servedBy).toBe(res.headers.get("X-Served-By"));
      // The result waits to be collected (GET does not free it): its bytes are held until it expires.
      expect(status.queue).toEqual({ depth: 0, finished: before.queue.finished + 1, heldResultBytes: expect.any(Number) });
      expect(status.queue.heldResultBytes).toBeGreaterThan(before.queue.heldResultBytes);
      // Both runtimes of the production case live in this one process, so they beat under one
      // id; separate processes are listed apart (cluster/chaos.test.ts).
      const self = status.replicas.find((r) => r.id === status.servedBy);
      expect(self?.role).toMatch(backend.name === "production" ? /^(api|worker)$/ : /^embedded$/);
      expect(status.now - self!.lastSeen).toBeLessThan(5000);
      expect(self?.node).toBe("node-a");
    });
  });
}
