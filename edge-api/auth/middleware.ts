import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { problem } from "../problem";
import type { Sessions } from "./sessions";
import { SESSION_COOKIE, type SessionUser, type Tokens } from "./tokens";

export interface AuthVariables {
  userId?: string;
  user?: SessionUser;
  /** The session the request belongs to (its token's jti): logout ends it. */
  sessionId?: string;
  sessionExpiresAt?: number;
  /** How the request proved who it is: a cookie is sent by browsers on their own. */
  authVia?: "cookie" | "bearer";
}

/**
 * Annotates the request with its user, as the seed's request annotator did. A Bearer token that
 * does not verify, or whose session has ended, answers 401; a stale cookie counts as anonymous,
 * so an expired session never blocks anonymous conversions.
 */
export function annotateUser(options: { tokens: Tokens; sessions: Sessions }): MiddlewareHandler<{ Variables: AuthVariables }> {
  const authenticate = async (token: string | undefined) => {
    const claims = token ? await options.tokens.verify(token) : undefined;
    return claims && (await options.sessions.isLive(claims.sessionId, claims.id)) ? claims : undefined;
  };
  return async (c, next) => {
    const header = c.req.header("authorization");
    const [scheme, bearer] = header?.split(" ") ?? [];
    const via = header ? "bearer" : "cookie";
    const claims = await authenticate(header ? (scheme?.toLowerCase() === "bearer" ? bearer : undefined) : getCookie(c, SESSION_COOKIE));
    if (header && !claims) return problem(c, 401, "Unauthorized", "The bearer token is invalid, has expired, or its session has ended.");
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
