import { afterAll, expect, test } from "vitest";
import { openDatabase } from "../db";
import { loadEnv } from "../env";
import { ACCOUNT_FREE, loginSucceeded, PER_ACCOUNT_AND_CLIENT, PER_CLIENT, reserveLogin, WINDOW_MS } from "./throttle";

const database = openDatabase(loadEnv({ DATA_DIR: `./data/test/throttle-${process.pid}-${Date.now()}` }));
afterAll(() => database.close());
const from = (address: string, device?: string) => ({ address, ...(device && { device }) });

test("failures from many clients make unknown clients wait 1 s, doubling with each failure; a trusted device never waits", async () => {
  const db = await database.db();
  const email = "target@example.org";
  let now = Date.UTC(2026, 0, 1);
  // Ten failures from five addresses: the account is free up to here.
  for (let i = 0; i < ACCOUNT_FREE; i++) expect(await reserveLogin(db, email, from(`ip:203.0.113.${i % 5}`), now++)).toHaveProperty("id");
  const waits: number[] = [];
  for (let k = 0; k < 5; k++) {
    const refused = await reserveLogin(db, email, from("ip:198.51.100.1"), now);
    expect(refused).toHaveProperty("retryAfter");
    const wait = (refused as { retryAfter: number }).retryAfter;
    waits.push(wait);
    // The attacker waits it out, and fails once more.
    now += wait * 1000;
    expect(await reserveLogin(db, email, from(`ip:203.0.113.${k}`), now)).toHaveProperty("id");
  }
  expect(waits).toEqual([1, 2, 4, 8, 16]);
  expect(await reserveLogin(db, email, from("ip:198.51.100.2", "owners-laptop"), now)).toHaveProperty("id");
  // After the window, the slate is clean.
  expect(await reserveLogin(db, email, from("ip:198.51.100.3"), now + WINDOW_MS + 1)).toHaveProperty("id");
});

test("a right password forgets the client's failures on the account", async () => {
  const db = await database.db();
  let now = Date.UTC(2026, 1, 1);
  for (let i = 0; i < 9; i++) await reserveLogin(db, "me@example.org", from("ip:192.0.2.9"), now++);
  const last = await reserveLogin(db, "me@example.org", from("ip:192.0.2.9"), now++);
  await loginSucceeded(db, last as { id: string; client: string }, "me@example.org");
  for (let i = 0; i < 10; i++) expect(await reserveLogin(db, "me@example.org", from("ip:192.0.2.9"), now++)).toHaveProperty("id");
  expect(await reserveLogin(db, "me@example.org", from("ip:192.0.2.9"), now++)).toHaveProperty("retryAfter");
});

test("a trusted device is exempt from its address' lockout, and stopped by its own failures like anyone", async () => {
  const db = await database.db();
  const office = "ip:198.51.100.50";
  let now = Date.UTC(2026, 2, 1);
  // A colleague behind the same NAT fails 50 times over other accounts: the address is locked out…
  for (let i = 0; i < PER_CLIENT; i++) expect(await reserveLogin(db, `guess-${i % 5}@example.org`, from(office), now++)).toHaveProperty("id");
  expect(await reserveLogin(db, "owner@example.org", from(office), now)).toHaveProperty("retryAfter");
  // …but not the owner's browser, whose device cookie names the account.
  const mine = await reserveLogin(db, "owner@example.org", from(office, "owners-desktop"), now++);
  expect(mine).toMatchObject({ client: "device:owners-desktop" });
  await loginSucceeded(db, mine as { id: string; client: string }, "owner@example.org");
  // Its own wrong passwords count per account and device: ten, then it waits like anyone.
  for (let i = 0; i < PER_ACCOUNT_AND_CLIENT; i++) expect(await reserveLogin(db, "owner@example.org", from(office, "owners-desktop"), now++)).toHaveProperty("id");
  expect(await reserveLogin(db, "owner@example.org", from(office, "owners-desktop"), now)).toHaveProperty("retryAfter");
  // Another device of the owner's has its own count; the office stays locked out.
  expect(await reserveLogin(db, "owner@example.org", from(office, "owners-phone"), now)).toHaveProperty("id");
  expect(await reserveLogin(db, "other@example.org", from(office), now)).toHaveProperty("retryAfter");
});

test("a device's right password forgets its own failures, not its address'", async () => {
  const db = await database.db();
  const home = "ip:192.0.2.77";
  let now = Date.UTC(2026, 3, 1);
  for (let i = 0; i < PER_ACCOUNT_AND_CLIENT; i++) await reserveLogin(db, "shared@example.org", from(home), now++);
  const device = await reserveLogin(db, "shared@example.org", from(home, "tablet"), now++);
  await loginSucceeded(db, device as { id: string; client: string }, "shared@example.org");
  expect(await reserveLogin(db, "shared@example.org", from(home), now)).toHaveProperty("retryAfter");
});
