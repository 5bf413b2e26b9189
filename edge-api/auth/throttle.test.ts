import { afterAll, expect, test } from "vitest";
import { openDatabase } from "../db";
import { loadEnv } from "../env";
import { ACCOUNT_FREE, loginSucceeded, reserveLogin, WINDOW_MS } from "./throttle";

const database = openDatabase(loadEnv({ DATA_DIR: `./data/test/throttle-${process.pid}-${Date.now()}` }));
afterAll(() => database.close());

test("failures from many clients make unknown clients wait 1 s, doubling with each failure; a trusted device never waits", async () => {
  const db = await database.db();
  const email = "target@example.org";
  let now = Date.UTC(2026, 0, 1);
  // Ten failures from five addresses: the account is free up to here.
  for (let i = 0; i < ACCOUNT_FREE; i++) expect(await reserveLogin(db, email, `ip:203.0.113.${i % 5}`, false, now++)).toHaveProperty("id");
  const waits: number[] = [];
  for (let k = 0; k < 5; k++) {
    const refused = await reserveLogin(db, email, "ip:198.51.100.1", false, now);
    expect(refused).toHaveProperty("retryAfter");
    const wait = (refused as { retryAfter: number }).retryAfter;
    waits.push(wait);
    // The attacker waits it out, and fails once more.
    now += wait * 1000;
    expect(await reserveLogin(db, email, `ip:203.0.113.${k}`, false, now)).toHaveProperty("id");
  }
  expect(waits).toEqual([1, 2, 4, 8, 16]);
  expect(await reserveLogin(db, email, "ip:198.51.100.2", true, now)).toHaveProperty("id");
  // After the window, the slate is clean.
  expect(await reserveLogin(db, email, "ip:198.51.100.3", false, now + WINDOW_MS + 1)).toHaveProperty("id");
});

test("a right password forgets the client's failures on the account", async () => {
  const db = await database.db();
  let now = Date.UTC(2026, 1, 1);
  for (let i = 0; i < 9; i++) await reserveLogin(db, "me@example.org", "ip:192.0.2.9", false, now++);
  const last = await reserveLogin(db, "me@example.org", "ip:192.0.2.9", false, now++);
  await loginSucceeded(db, last as { id: string }, "me@example.org", "ip:192.0.2.9");
  for (let i = 0; i < 10; i++) expect(await reserveLogin(db, "me@example.org", "ip:192.0.2.9", false, now++)).toHaveProperty("id");
  expect(await reserveLogin(db, "me@example.org", "ip:192.0.2.9", false, now++)).toHaveProperty("retryAfter");
});
