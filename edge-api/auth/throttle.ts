// Login throttling after OWASP's device-cookie pattern. Each attempt is reserved before the
// password is hashed, under advisory locks on its client and its account, so sixty concurrent
// tries cannot all slip past a count of ten. A client is an address, or a browser whose device
// cookie names the account tried. Failures count per (account, client) and per address; an
// account's failures from everywhere slow down only addresses (exponentially): a device the
// owner has logged in from is held to its own count alone, so neither a stranger's attack on the
// account nor a neighbour's failures behind the same NAT lock the owner's browser out.
import { and, count, countDistinct, eq, gt, max, sql } from "drizzle-orm";
import type { Db } from "../db";
import { loginFailures } from "../db/schema";

export const WINDOW_MS = 15 * 60_000;
/** Wrong passwords one client (an address, or a trusted device) may try on one account in the window. */
export const PER_ACCOUNT_AND_CLIENT = 10;
/** Wrong passwords one address may try over all accounts in the window (trusted devices aside). */
export const PER_CLIENT = 50;
/** An account's failures from everywhere before unknown clients must wait, 1 s doubling each time… */
export const ACCOUNT_FREE = 10;
/** …once they come from this many clients: one client alone meets PER_ACCOUNT_AND_CLIENT first. */
export const MANY_CLIENTS = 3;

/** Who tries: the address (addressKey), and the device cookie's id when the cookie names this account. */
export interface Attempter {
  address: string;
  device?: string;
}

/** A reserved attempt and the client it counts against, or how long to wait. */
export type Reservation = { id: string; client: string } | { retryAfter: number; reason: string };

/** Reserves an attempt (recorded as a failure until settled), or says how long to wait. */
export async function reserveLogin(db: Db, email: string, who: Attempter, now = Date.now()): Promise<Reservation> {
  const client = who.device ? `device:${who.device}` : who.address;
  return db.transaction(async (tx) => {
    // Always the client's lock first, then the account's: no two attempts wait on each other in a cycle.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`client:${client}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`account:${email}`}))`);
    const since = new Date(now - WINDOW_MS);
    const recent = gt(loginFailures.at, since);
    const [[pair], [byClient], [account]] = await Promise.all([
      tx.select({ n: count() }).from(loginFailures).where(and(recent, eq(loginFailures.email, email), eq(loginFailures.ip, client))),
      tx.select({ n: count() }).from(loginFailures).where(and(recent, eq(loginFailures.ip, client))),
      tx
        .select({ n: count(), clients: countDistinct(loginFailures.ip), last: max(loginFailures.at) })
        .from(loginFailures)
        .where(and(recent, eq(loginFailures.email, email))),
    ]);
    const windowLeft = Math.ceil(WINDOW_MS / 1000);
    // A device's failures are recorded under the device, so they never reach the address' count.
    if (!who.device && (byClient?.n ?? 0) >= PER_CLIENT) return { retryAfter: windowLeft, reason: "Too many wrong passwords from here; wait 15 minutes and try again." };
    if ((pair?.n ?? 0) >= PER_ACCOUNT_AND_CLIENT) return { retryAfter: windowLeft, reason: "Too many wrong passwords for this account; wait 15 minutes and try again." };
    const failures = account?.n ?? 0;
    if (!who.device && failures >= ACCOUNT_FREE && (account?.clients ?? 0) >= MANY_CLIENTS && account?.last) {
      const delayMs = Math.min(WINDOW_MS, 1000 * 2 ** (failures - ACCOUNT_FREE));
      const waited = now - new Date(account.last).getTime();
      if (waited < delayMs) {
        return { retryAfter: Math.ceil((delayMs - waited) / 1000), reason: "This account is being tried from many places; wait and try again, or log in from a browser you have used before." };
      }
    }
    const [row] = await tx.insert(loginFailures).values({ email, ip: client, at: new Date(now) }).returning({ id: loginFailures.id });
    return { id: row!.id, client };
  });
}

/**
 * A right password: the reservation and its client's failures on the account are forgotten (a
 * device's own, not its address': the owner's success must not wipe a neighbour's guesses).
 */
export async function loginSucceeded(db: Db, reservation: { id: string; client: string }, email: string) {
  await db.delete(loginFailures).where(eq(loginFailures.id, reservation.id));
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, reservation.client)));
}
