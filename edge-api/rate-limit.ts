import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter, type Store } from "hono-rate-limiter";
import type { Redis } from "ioredis";
import { addressKey, clientKey } from "./client";
import { problem } from "./problem";
import { HEADERS } from "../contract/headers";

export interface RateLimitOptions {
  /** Requests allowed per client per window. */
  limit: number;
  windowMs?: number;
  /** Where the counts live: Redis (every replica shares them), else this process. */
  store?: Store;
  /** What is being limited, for the 429's words: "conversions". */
  what?: string;
  /** Who is counted; clientKey (the signed-in user, else the address) unless given. */
  key?: (c: Context) => string;
}

/** A limit per client (clientKey, or whom `key` names), answered with 429, problem details and Retry-After. */
export function rateLimit({ limit, windowMs = 60_000, store, what = "requests", key = clientKey }: RateLimitOptions): MiddlewareHandler {
  return rateLimiter({
    windowMs,
    limit,
    standardHeaders: "draft-6",
    // Each limit counts apart: with a shared store (Redis), conversions must not eat into registrations.
    keyGenerator: (c) => `${what}:${key(c)}`,
    ...(store && { store }),
    handler: (c) =>
      problem(c, 429, "Too many requests", `At most ${limit} ${what} a minute; try again shortly.`, {
        [HEADERS.retryAfter]: String(Math.ceil(windowMs / 1000)),
      }),
  });
}

/**
 * Conversions a minute, counted twice: against the account when signed in (`limit`), and
 * against the address, whoever is signed in, so one address cannot multiply its share by
 * signing in as many accounts. A signed-in request's address may make 2 × `limit` (a household
 * or an office behind one NAT); an anonymous client is its address, with `limit`.
 */
export function conversionRateLimits({ limit, windowMs = 60_000, store }: Omit<RateLimitOptions, "what">): MiddlewareHandler[] {
  const signedIn = (c: Context) => !!c.get("userId");
  const common = { windowMs, standardHeaders: "draft-6" as const, ...(store && { store }) };
  const refuse = (c: Context, detail: string) => problem(c, 429, "Too many requests", detail, { [HEADERS.retryAfter]: String(Math.ceil(windowMs / 1000)) });
  const perAccount = rateLimiter({
    ...common,
    limit,
    skip: (c) => !signedIn(c),
    keyGenerator: (c) => `conversions:${clientKey(c)}`,
    handler: (c) => refuse(c, `At most ${limit} conversions a minute for your account; try again shortly.`),
  });
  const perAddress = rateLimiter({
    ...common,
    limit: (c) => (signedIn(c) ? 2 * limit : limit),
    keyGenerator: (c) => `conversions:${addressKey(c)}`,
    handler: (c) =>
      refuse(c, signedIn(c) ? `At most ${2 * limit} conversions a minute from your address, all its accounts together; try again shortly.` : `At most ${limit} conversions a minute; try again shortly.`),
  });
  return [perAccount, perAddress];
}

// A fixed window per key: the first hit starts it, and the key expires with it.
const HIT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}`;

/** hono-rate-limiter's store on Redis, so N api replicas share one count per client. */
export function redisRateLimitStore(redis: Redis, prefix: string): Store {
  let windowMs = 60_000;
  return {
    init: (options) => {
      windowMs = options.windowMs;
    },
    increment: async (key) => {
      const [hits, ttl] = (await redis.eval(HIT, 1, `${prefix}${key}`, windowMs)) as [number, number];
      return { totalHits: hits, resetTime: new Date(Date.now() + ttl) };
    },
    decrement: async (key) => {
      await redis.decr(`${prefix}${key}`);
    },
    resetKey: async (key) => {
      await redis.del(`${prefix}${key}`);
    },
  };
}
