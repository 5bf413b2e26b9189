import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { problem } from "../problem";
import { SESSION_COOKIE, type SessionUser, type Tokens } from "./tokens";

export interface AuthVariables {
  userId?: string;
  user?: SessionUser;
  /** How the request proved who it is: a cookie is sent by browsers on their own. */
  authVia?: "cookie" | "bearer";
}

/**
 * Annotates the request with its user, as the seed's request annotator did. A Bearer token that
 * does not verify answers 401; a stale cookie counts as anonymous, so an expired session never
 * blocks anonymous conversions.
 */
export function annotateUser(options: { tokens: Tokens }): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header) {
      const [scheme, token] = header.split(" ");
      const user = scheme?.toLowerCase() === "bearer" && token ? await options.tokens.verify(token) : undefined;
      if (!user) return problem(c, 401, "Unauthorized", "The bearer token is invalid or has expired.");
      c.set("user", user);
      c.set("userId", user.id);
      c.set("authVia", "bearer");
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const user = cookie ? await options.tokens.verify(cookie) : undefined;
    if (user) {
      c.set("user", user);
      c.set("userId", user.id);
      c.set("authVia", "cookie");
    }
    return next();
  };
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why a request is not from this origin (a problem's words), or undefined if it is or cannot tell. */
export function crossSite(c: Context): string | undefined {
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  const forwarded = c.req.header("x-forwarded-host");
  const allowed = new Set([own, ...(forwarded ? [`${c.req.header("x-forwarded-proto") ?? "https"}://${forwarded}`, `http://${forwarded}`] : [])]);
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
