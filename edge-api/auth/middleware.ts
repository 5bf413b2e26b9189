import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { problem } from "../problem";
import type { Sessions } from "./sessions";
import { SESSION_COOKIE, type SessionClaims, type SessionUser, type Tokens } from "./tokens";

export interface AuthVariables {
  userId?: string;
  user?: SessionUser;
  /** The session the request belongs to (its token's jti): logout ends it. */
  sessionId?: string;
  sessionExpiresAt?: number;
  /** How the request proved who it is: a cookie is sent by browsers on their own. */
  authVia?: "cookie" | "bearer";
}

/** What telling a request's user takes: verifying its token and asking whether its session lives. */
export interface SessionCheck {
  tokens: Pick<Tokens, "verify">;
  sessions: Pick<Sessions, "isLive">;
}

/**
 * Who sent the request: its Bearer token's or its session cookie's live session. `invalid` when
 * it sent a Bearer token that does not verify or whose session has ended (a 401); a stale cookie
 * is only anonymous, so an expired session never blocks anonymous conversions.
 */
export async function requestUser({ tokens, sessions }: SessionCheck, c: Context): Promise<{ claims?: SessionClaims; via: "cookie" | "bearer"; invalid: boolean }> {
  const header = c.req.header("authorization");
  const via = header ? "bearer" : "cookie";
  // Most requests (job polls, anonymous pages) carry neither: nothing to look up.
  if (!header && !c.req.header("cookie")) return { via, invalid: false };
  const [scheme, bearer] = header?.split(" ") ?? [];
  const token = header ? (scheme?.toLowerCase() === "bearer" ? bearer : undefined) : getCookie(c, SESSION_COOKIE);
  const verified = token ? await tokens.verify(token) : undefined;
  const claims = verified && (await sessions.isLive(verified.sessionId, verified.id)) ? verified : undefined;
  return { claims, via, invalid: !!header && !claims };
}

export const UNAUTHORIZED_TOKEN = "The bearer token is invalid, has expired, or its session has ended.";

/** Annotates the request with its user, as the seed's request annotator did (requestUser). */
export function annotateUser(options: SessionCheck): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const { claims, via, invalid } = await requestUser(options, c);
    if (invalid) return problem(c, 401, "Unauthorized", UNAUTHORIZED_TOKEN);
    if (claims) {
      c.set("user", { id: claims.id, email: claims.email });
      c.set("userId", claims.id);
      c.set("sessionId", claims.sessionId);
      c.set("sessionExpiresAt", claims.expiresAt);
      c.set("authVia", via);
    }
    return next();
  };
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a request is not from this origin (a problem's words), or undefined if it is or cannot tell.
 * This origin is the request's own, or what a trusted proxy forwarded (forwardedOrigin, in front).
 */
export function crossSite(c: Context): string | undefined {
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  const allowed = new Set([own, ...((c.get("forwardedOrigins") as string[] | undefined) ?? [])]);
  if (site && site !== "same-origin" && site !== "none") return "Cross-site requests may not change anything.";
  if (origin && !allowed.has(origin)) return "Cross-origin requests may not change anything.";
  return undefined;
}

/** A cookie-authenticated write must come from this origin (CSRF); Bearer clients are exempt. */
export function sameOriginWrites(): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.get("authVia") !== "cookie") return next();
    const refusal = crossSite(c);
    return refusal ? problem(c, 403, "Forbidden", refusal) : next();
  };
}

/** 401 for anonymous requests to a route that needs a user. */
export function requireUser(): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => (c.get("user") ? next() : problem(c, 401, "Unauthorized", "Log in first."));
}
