import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import { problem } from "./problem";

export interface RateLimitOptions {
  /** Requests allowed per client per window. */
  limit: number;
  windowMs?: number;
  /** Who "a client" is; by default the logged-in user, else the first forwarded address. */
  key?: (c: Context) => string;
}

/**
 * A per-client limit, answered with 429, problem details and Retry-After. The count lives in
 * this process, so with N API replicas a client gets up to N × limit.
 */
export function rateLimit({ limit, windowMs = 60_000, key }: RateLimitOptions): MiddlewareHandler {
  return rateLimiter({
    windowMs,
    limit,
    standardHeaders: "draft-6",
    keyGenerator: key ?? clientKey,
    handler: (c) =>
      problem(c, 429, "Too many requests", `At most ${limit} conversions a minute; try again shortly.`, {
        "Retry-After": String(Math.ceil(windowMs / 1000)),
      }),
  });
}

/** Who is calling: the logged-in user, else the first forwarded address (set by the ingress). */
export function clientKey(c: Context): string {
  const user = c.get("userId") as string | undefined;
  if (user) return `user:${user}`;
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return `ip:${forwarded || c.req.header("x-real-ip") || "direct"}`;
}
