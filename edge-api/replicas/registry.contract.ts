// The one contract both ReplicaRegistry adapters pass (memory- and redis-registry.test.ts).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ReplicaBeat, ReplicaRegistry } from "./types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const replica = (id: string, startedAt: number, role: ReplicaBeat["role"] = "worker"): ReplicaBeat => ({ id, role, startedAt, busy: 0, processed: 0 });

export function replicaRegistryContract(name: string, make: (forgetMs: number) => ReplicaRegistry) {
  describe(`ReplicaRegistry contract: ${name}`, () => {
    let registry: ReplicaRegistry;
    beforeEach(() => {
      registry = make(400);
    });
    afterEach(async () => {
      await registry.close();
    });

    test("a beat lists the replica, oldest first, with when it was heard on the registry's clock", async () => {
      const before = Date.now();
      await registry.beat(replica("b:2", 2000, "api"));
      await registry.beat(replica("a:1", 1000));
      const { now, replicas } = await registry.list();
      expect(replicas.map((r) => [r.id, r.role])).toEqual([["a:1", "worker"], ["b:2", "api"]]);
      for (const r of replicas) expect(now - r.lastSeen).toBeGreaterThanOrEqual(0);
      // Redis' clock and this one agree closely on one machine.
      expect(Math.abs(now - before)).toBeLessThan(2000);
    });

    test("a later beat replaces the earlier one", async () => {
      await registry.beat(replica("a:1", 1000));
      const first = (await registry.list()).replicas[0]!.lastSeen;
      await sleep(20);
      await registry.beat({ ...replica("a:1", 1000), busy: 2, processed: 7, node: "node2" });
      const { replicas } = await registry.list();
      expect(replicas).toHaveLength(1);
      expect(replicas[0]).toMatchObject({ busy: 2, processed: 7, node: "node2" });
      expect(replicas[0]!.lastSeen).toBeGreaterThan(first);
    });

    test("a silent replica is forgotten; one that left is gone at once", async () => {
      await registry.beat(replica("quiet:1", 1000));
      await registry.beat(replica("leaving:2", 2000));
      await registry.leave("leaving:2");
      expect((await registry.list()).replicas.map((r) => r.id)).toEqual(["quiet:1"]);
      await sleep(500);
      expect((await registry.list()).replicas).toEqual([]);
    });
  });
}
