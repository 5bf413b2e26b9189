import { expect, test } from "vitest";
import { replicaHue, replicaState } from "./types";

test("a replica's own colour is never a state's red or green, and the same name keeps it", () => {
  for (let i = 0; i < 500; i++) {
    const hue = replicaHue(`api-${i}-7f9c`);
    expect(hue).toBeGreaterThanOrEqual(170);
    expect(hue).toBeLessThanOrEqual(320);
  }
  expect(replicaHue("worker-1")).toBe(replicaHue("worker-1"));
});

test("up until three heartbeats are missed", () => {
  expect(replicaState(0, 2000)).toBe("up");
  expect(replicaState(6000, 2000)).toBe("up");
  expect(replicaState(6001, 2000)).toBe("missing");
});
