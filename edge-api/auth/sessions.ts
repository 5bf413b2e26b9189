// Server-side sessions behind the signed token: the token carries its session's id (jti), and a
// request is authenticated only while that row lives. Checked per request, cached for a few
// seconds per replica, so a revocation holds everywhere within SESSION_CACHE_MS.
import { and, eq, lt, ne } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Database } from "../db";
import { sessions } from "../db/schema";
import { SESSION_SECONDS } from "./tokens";

export const SESSION_CACHE_MS = 5000;

export interface Sessions {
  /** A new session for the user; its id goes into the token. */
  open(userId: string): Promise<string>;
  /** Whether the session may still be used; true while the database cannot say (see below). */
  isLive(sessionId: string, userId: string): Promise<boolean>;
  end(sessionId: string): Promise<void>;
  /** Every session of the user but `keep` (after a password change), or all of them. */
  endOthers(userId: string, keep?: string): Promise<void>;
}

export function createSessions(database: Database): Sessions {
  const live = new LRUCache<string, boolean>({ max: 50_000, ttl: SESSION_CACHE_MS });
  return {
    async open(userId) {
      const db = await database.db();
      const now = new Date();
      // Expired sessions of this user are dropped as new ones open, so the table stays small.
      await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
      const [row] = await db.insert(sessions).values({ userId, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000) }).returning({ id: sessions.id });
      live.set(row!.id, true);
      return row!.id;
    },
    async isLive(sessionId, userId) {
      const cached = live.get(sessionId);
      if (cached !== undefined) return cached;
      try {
        const db = await database.db();
        const [row] = await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, sessionId));
        const ok = row?.userId === userId;
        live.set(sessionId, ok);
        return ok;
      } catch {
        // The database is down: the signed, unexpired token stands, so signed-in users keep
        // converting through an outage (their saves wait); a revocation is enforced again once it is back.
        return true;
      }
    },
    async end(sessionId) {
      live.set(sessionId, false);
      await (await database.db()).delete(sessions).where(eq(sessions.id, sessionId));
    },
    async endOthers(userId, keep) {
      const db = await database.db();
      const ended = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
        .returning({ id: sessions.id });
      for (const { id } of ended) live.set(id, false);
    },
  };
}
