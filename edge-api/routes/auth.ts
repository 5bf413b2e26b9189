import { eq } from "drizzle-orm";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { bodyLimit } from "hono/body-limit";
import type { Store } from "hono-rate-limiter";
import { type AuthVariables, crossSite, requireUser } from "../auth/middleware";
import { HashingBusy, hashPassword, verifyPassword } from "../auth/password";
import { passwordProblem } from "../auth/password-policy";
import type { Sessions } from "../auth/sessions";
import { loginSucceeded, reserveLogin } from "../auth/throttle";
import type { Gallery } from "../gallery/service";
import { accountRoutes } from "./account";
import { DEVICE_COOKIE, DEVICE_SECONDS, SESSION_COOKIE, SESSION_SECONDS, type Tokens } from "../auth/tokens";
import type { Database, Db } from "../db";
import { users } from "../db/schema";
import { problem, storeFailure, refuseWith } from "../problem";
import { problemResponse } from "../../contract/schemas";
import { formatBytes } from "../bytes";
import { attempter } from "../auth/attempter";
import { addressKey } from "../client";
import { rateLimit } from "../rate-limit";
import { HEADERS } from "../../contract/headers";

/** JSON bodies here are an email and a password: anything larger is refused unread. */
const MAX_BODY = 16 * 1024;
const REGISTRATIONS_PER_MINUTE = 10;

const Credentials = z
  .object({ email: z.email().max(254).openapi({ example: "ada@example.com" }), password: z.string().max(1024).openapi({ description: "At least 10 characters, and not one of the most common passwords" }) })
  .openapi("Credentials");
const User = z.object({ id: z.string(), email: z.string() }).openapi("User");
const CredentialsBody = { required: true, content: { "application/json": { schema: Credentials } } };
// The schema's refusal, in the contract's words; a weak password (400) and a taken email (409) are the handlers'.
const badCredentials = refuseWith("Invalid request", "Send JSON with an email address and a password.");
const guarded = {
  403: problemResponse("Sent from another site (Origin / Sec-Fetch-Site)"),
  413: problemResponse("Body over 16 KiB"),
  415: problemResponse("Not application/json"),
};
const register = createRoute({
    method: "post",
    path: "/register",
    summary: "Create an account",
    request: { body: CredentialsBody },
    responses: {
      201: { description: "Created", content: { "application/json": { schema: User } } },
      400: problemResponse("Bad email, or a weak password: under 10 characters, or one of the most common passwords"),
      409: problemResponse("Email taken"),
      ...guarded,
      429: problemResponse("Too many registrations from this address (whatever session the request carries); Retry-After"),
      503: problemResponse("Database unavailable, or too many passwords being hashed at once; Retry-After"),
    },
  });
const login = createRoute({
    method: "post",
    path: "/login",
    summary: "Log in: an HttpOnly session cookie (and a browser's device cookie); the JWT in the body only with ?token=1",
    request: { body: CredentialsBody, query: z.object({ token: z.string().optional().openapi({ description: "1: return the token in the body, for scripts (Authorization: Bearer)" }) }) },
    responses: {
      200: { description: "Logged in", content: { "application/json": { schema: z.object({ token: z.string().optional(), user: User }) } } },
      401: problemResponse("Wrong email or password"),
      ...guarded,
      429: problemResponse("Too many wrong passwords from this address, or for this account from this address (whatever session the request carries), or (for a browser that has not logged into the account before) for this account from many addresses; a browser that has, counts only its own failures on the account. Retry-After"),
      503: problemResponse("Database unavailable, or too many passwords being checked at once; Retry-After"),
    },
  });
const logout = createRoute({ method: "post", path: "/logout", summary: "End this session (cookie or Bearer) and clear the cookie", responses: { 204: { description: "Logged out" }, 403: guarded[403] } });
const whoIsSignedIn = createRoute({
    method: "get",
    path: "/session",
    summary: "Who is signed in, if anyone: what a page asks on every load. Anonymous is an answer, not an error (`/me` answers 401 instead)",
    responses: {
      200: {
        description: "`user` is the signed-in user (and `X-Session-Expires` the session's end, in ms since the epoch), or null",
        content: { "application/json": { schema: z.object({ user: User.nullable() }) } },
      },
      401: problemResponse("A Bearer token that is invalid or whose session has ended"),
    },
  });
const me = createRoute({
  method: "get",
  path: "/me",
  summary: "The logged-in user",
  middleware: [requireUser()],
  responses: { 200: { description: "The user", content: { "application/json": { schema: User } } }, 401: problemResponse("Not logged in, or the session has ended") },
});

export function authRoutes(deps: { database: Database; tokens: Tokens; sessions: Sessions; gallery: Gallery; rateLimitStore?: Store }) {
  const app = new OpenAPIHono<{ Variables: AuthVariables }>();
  app.use("*", async (c, next) => {
    await next();
    // Sessions and who is logged in: never kept by a cache.
    c.header("Cache-Control", "no-store");
  });
  app.use("*", bodyLimit({ maxSize: MAX_BODY, onError: (c) => problem(c, 413, "Payload too large", `Requests here are limited to ${formatBytes(MAX_BODY)}.`) }));
  // Login CSRF: a foreign page's form (text/plain, urlencoded) can post without a preflight, and
  // JSON cannot; and whatever sets or clears the session cookie must come from this origin.
  app.use("*", async (c, next) => {
    if (c.req.method !== "POST" && c.req.method !== "DELETE") return next();
    const refusal = crossSite(c);
    if (refusal) return problem(c, 403, "Forbidden", refusal);
    if (c.req.path.endsWith("/logout") || c.req.method === "DELETE") return next();
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") return problem(c, 415, "Unsupported media type", "Send the credentials as JSON (Content-Type: application/json).");
    return next();
  });
  // Counted by address whatever token the request carries: each new account's token would
  // otherwise make its sender a new client for the next registration.
  const registrations = rateLimit({ limit: REGISTRATIONS_PER_MINUTE, store: deps.rateLimitStore, what: "registrations", key: addressKey });
  // The database may be down: logins then answer 503, and anonymous conversions carry on.
  // A query can fail midway too (the database restarting under it): the same 503, never a 500.
  const withDb = async <T>(c: Parameters<typeof problem>[0], fn: (db: Db) => Promise<T>): Promise<T> => {
    try {
      return await fn(await deps.database.db());
    } catch (error) {
      if (error instanceof HashingBusy) return problem(c, 503, "Busy", "Too many logins and registrations at once; try again in a moment.", { [HEADERS.retryAfter]: "2" });
      console.warn(`auth: ${storeFailure(error)}`);
      return problem(c, 503, "Database unavailable", "Accounts are unavailable right now; conversions still work. Try again shortly.", { [HEADERS.retryAfter]: "10" });
    }
  };
  app.openapi({ ...register, middleware: [registrations] }, async (c) => {
    const { password } = c.req.valid("json");
    const email = c.req.valid("json").email.toLowerCase();
    const weak = await passwordProblem(password);
    if (weak) return problem(c, 400, "Weak password", weak);
    return withDb(c, async (db) => {
      // Before the half second of hashing: a taken email costs nothing.
      const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (taken) return problem(c, 409, "Email taken", "An account with this email exists; log in instead.");
      const passwordHash = await hashPassword(password);
      const [user] = await db.insert(users).values({ email, passwordHash }).onConflictDoNothing().returning({ id: users.id, email: users.email });
      if (!user) return problem(c, 409, "Email taken", "An account with this email exists; log in instead.");
      return c.json(user, 201);
    });
  }, badCredentials);

  app.openapi(login, async (c) => {
    const { password } = c.req.valid("json");
    const email = c.req.valid("json").email.toLowerCase();
    return withDb(c, async (db) => {
      const [user] = await db.select().from(users).where(eq(users.email, email));
      // The address, not clientKey: a session (anyone's, freshly registered) must not make a guesser a new client.
      const who = await attempter(c, deps.tokens, email, user?.sessionGeneration);
      const reservation = await reserveLogin(db, email, who);
      if (!("id" in reservation)) return problem(c, 429, "Too many attempts", reservation.reason, { [HEADERS.retryAfter]: String(reservation.retryAfter) });
      // The same hashing work whether or not the account exists, so timing does not tell.
      const ok = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
      // A wrong password keeps its reservation as the failure it is.
      if (!user || !ok) return problem(c, 401, "Wrong email or password", "The email or the password is wrong.");
      await loginSucceeded(db, reservation, email);
      const session = { id: user.id, email: user.email };
      const token = await deps.tokens.sign(session, await deps.sessions.open(user.id));
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "Lax",
        path: "/",
        maxAge: SESSION_SECONDS,
        secure: new URL(c.req.url).protocol === "https:",
      });
      // This browser is now known to the account: others' failures never lock it out, and its own count apart.
      setCookie(c, DEVICE_COOKIE, await deps.tokens.signDevice(email, user.sessionGeneration), {
        httpOnly: true,
        sameSite: "Strict",
        path: "/api/auth",
        maxAge: DEVICE_SECONDS,
        secure: new URL(c.req.url).protocol === "https:",
      });
      // The cookie is the browser's session; page script gets no copy of it unless it asks (scripts use ?token=1).
      return c.json(c.req.valid("query").token === "1" ? { token, user: session } : { user: session }, 200);
    });
  }, badCredentials);

  app.openapi(logout, async (c) => {
    const sessionId = c.get("sessionId");
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    if (sessionId) return withDb(c, async () => (await deps.sessions.end(sessionId), c.body(null, 204)));
    return c.body(null, 204);
  });
  app.route("/", accountRoutes({ ...deps, withDb }));

  // The service worker keeps the user's data offline no longer than the session lasts.
  app.openapi(me, (c) => c.json(c.get("user")!, 200, { [HEADERS.sessionExpires]: String(c.get("sessionExpiresAt") ?? 0) }));
  // The pages' question on every load: a visitor who is not signed in is no error (no 401 in the
  // console). A stale or ended session cookie counts as anonymous (annotateUser).
  app.openapi(whoIsSignedIn, (c) => {
    const user = c.get("user");
    return user ? c.json({ user }, 200, { [HEADERS.sessionExpires]: String(c.get("sessionExpiresAt") ?? 0) }) : c.json({ user: null }, 200);
  });
  return app;
}
