// What a signed-in user does to the account itself: change the password (every other session
// ends), sign out everywhere (every session ends, this one too, and the browsers it was used
// from are forgotten), or delete the account with all its gallery items and their images.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import { attempter } from "../auth/attempter";
import { type AuthVariables, requireUser } from "../auth/middleware";
import { hashPassword, verifyPassword } from "../auth/password";
import { passwordProblem } from "../auth/password-policy";
import type { Sessions } from "../auth/sessions";
import { loginSucceeded, reserveLogin } from "../auth/throttle";
import { DEVICE_COOKIE, SESSION_COOKIE, type Tokens } from "../auth/tokens";
import type { Db } from "../db";
import { users } from "../db/schema";
import type { Gallery } from "../gallery/service";
import type { JobQueue } from "../jobs/types";
import { problem, refuseWith } from "../problem";
import { problemResponse } from "../../contract/schemas";
import { HEADERS } from "../../contract/headers";

const PasswordChange = z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }).openapi("PasswordChange");
const signedIn = [requireUser()];

const changePassword = createRoute({
    method: "post",
    path: "/password",
    summary: "Change the password; every other session of the account ends",
    middleware: signedIn,
    request: { body: { required: true, content: { "application/json": { schema: PasswordChange } } } },
    responses: {
      204: { description: "Changed" },
      400: problemResponse("Weak new password: under 10 characters, or one of the most common passwords"),
      401: problemResponse("Not logged in, or the current password is wrong"),
      429: problemResponse("Too many wrong passwords, counted with the account's failed logins (per account and address, per address, and per trusted device); Retry-After"),
      503: problemResponse("Database unavailable, or too many passwords being checked at once; Retry-After"),
    },
  });
const endSessions = createRoute({
    method: "delete",
    path: "/sessions",
    middleware: signedIn,
    summary: "Sign out everywhere: every session of the account ends (this one too, cookie or Bearer; other replicas within 5 s), the cookies are cleared, and the browsers it was used from lose their standing as known devices (login throttling)",
    responses: { 204: { description: "Signed out everywhere" }, 401: problemResponse("Not logged in"), 403: problemResponse("Sent from another site (Origin / Sec-Fetch-Site)"), 503: problemResponse("Database unavailable; Retry-After") },
  });
const deleteAccount = createRoute({
    method: "delete",
    path: "/me",
    middleware: signedIn,
    summary: "Delete the account, its sessions, its queued and running jobs, and every gallery item with its images",
    responses: { 204: { description: "Deleted" }, 401: problemResponse("Not logged in"), 503: problemResponse("Database unavailable") },
  });

type WithDb = <T>(c: Context, fn: (db: Db) => Promise<T>) => Promise<T>;

/** `queue` comes with the app's dependencies, which authRoutes passes on whole. */
export function accountRoutes(deps: { sessions: Sessions; gallery: Gallery; tokens: Tokens; withDb: WithDb; queue?: Pick<JobQueue, "cancelOwnedBy"> }) {
  const app = new OpenAPIHono<{ Variables: AuthVariables }>();

  app.openapi(changePassword, async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const weak = await passwordProblem(newPassword);
    if (weak) return problem(c, 400, "Weak password", weak);
    const userId = c.get("userId")!;
    return deps.withDb(c, async (db) => {
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user) return problem(c, 401, "Wrong password", "The current password is wrong.");
      // A stolen session must not become a free password oracle: the same reservation as a login,
      // under the same counts, before any hashing.
      const reservation = await reserveLogin(db, user.email, await attempter(c, deps.tokens, user.email, user.sessionGeneration));
      if (!("id" in reservation)) return problem(c, 429, "Too many attempts", reservation.reason, { [HEADERS.retryAfter]: String(reservation.retryAfter) });
      if (!(await verifyPassword(currentPassword, user.passwordHash))) return problem(c, 401, "Wrong password", "The current password is wrong.");
      await loginSucceeded(db, reservation, user.email);
      await db.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
      await deps.sessions.endOthers(userId, c.get("sessionId")!);
      return c.body(null, 204);
    });
  }, refuseWith("Invalid request", "Send JSON with currentPassword and newPassword."));

  // For a lost phone or a shared computer. The generation goes first: a device cookie of the old
  // one no longer counts as the owner's browser (throttle.ts), whatever happens next.
  app.openapi(endSessions, async (c) => {
    const userId = c.get("userId")!;
    return deps.withDb(c, async (db) => {
      await db.update(users).set({ sessionGeneration: sql`${users.sessionGeneration} + 1` }).where(eq(users.id, userId));
      await deps.sessions.endOthers(userId);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      deleteCookie(c, DEVICE_COOKIE, { path: "/api/auth" });
      return c.body(null, 204);
    });
  });

  // Its jobs go first: a running one would save into the gallery being emptied (and, once the
  // account is gone, its save is dropped; gallery/save-jobs.ts), holding a worker slot meanwhile.
  // With the queue unreachable the account still goes; its jobs end as they would have.
  const cancelJobs = (userId: string) => deps.queue?.cancelOwnedBy(userId).catch((error: unknown) => console.warn(`account: jobs of a deleted account not cancelled: ${String(error)}`));

  app.openapi(deleteAccount, async (c) => {
    const userId = c.get("userId")!;
    return deps.withDb(c, async (db) => {
      await cancelJobs(userId);
      await deps.sessions.endOthers(userId);
      await deps.gallery.removeAll(userId);
      // Any item saved meanwhile goes with the row (on delete cascade).
      await db.delete(users).where(eq(users.id, userId));
      // A job sent meanwhile from a session a replica still had cached.
      await cancelJobs(userId);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    });
  });
  return app;
}
