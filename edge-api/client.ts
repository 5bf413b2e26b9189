// Who is calling. The address is the socket's: X-Forwarded-For is believed only from a trusted
// proxy, and then only up to the first hop that is not one (proxy-addr, as Express does it), so a
// client cannot name itself by sending the header.
import type { IncomingMessage } from "node:http";
import { isIPv4 } from "node:net";
import type { Context, MiddlewareHandler } from "hono";
import ipaddr from "ipaddr.js";
import { LRUCache } from "lru-cache";
import proxyaddr from "proxy-addr";

export interface ClientVariables {
  clientIp: string;
  userId?: string;
}

/** Node's request: @hono/node-server (the api role) and pages/api (Next) both pass it as c.env.incoming. */
export function peerAddress(c: Context): string | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
}

/**
 * The address as a client: IPv4 as it is (IPv4-mapped IPv6 unmapped), IPv6 by its /64, since
 * one subscriber routinely holds a whole /64 and could otherwise be 2^64 clients.
 */
export function clientOfAddress(address: string): string {
  // Every request asks, and parsing an address was a tenth of a job poll's cost (bench/api.ts).
  if (isIPv4(address)) return address;
  let client = clients.get(address);
  if (client === undefined) clients.set(address, (client = parseClient(address)));
  return client;
}

/** Recent IPv6 (and odd) addresses' clients: bounded, so a spray of addresses costs a parse each, not memory. */
const clients = new LRUCache<string, string>({ max: 10_000 });

function parseClient(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}

export interface ClientAddressOptions {
  /** CIDRs or addresses of the proxies in front (TRUSTED_PROXIES); empty trusts no header. */
  trustedProxies: string[];
}

export function clientAddress({ trustedProxies }: ClientAddressOptions): MiddlewareHandler<{ Variables: ClientVariables }> {
  const trust = proxyaddr.compile(trustedProxies);
  return async (c, next) => {
    const peer = peerAddress(c);
    let address = "unknown";
    const forwarded = peer && c.req.header("x-forwarded-for");
    // Without the header the socket's address is the answer, trusted or not.
    if (peer && !forwarded) address = peer;
    else if (peer && forwarded) {
      const request = { headers: { "x-forwarded-for": forwarded }, connection: { remoteAddress: peer }, socket: { remoteAddress: peer } };
      address = proxyaddr(request as unknown as IncomingMessage, trust);
    }
    c.set("clientIp", address === "unknown" ? address : clientOfAddress(address));
    await next();
  };
}

/**
 * Who the caller is: the signed-in user, else its address. Idempotency keys and the auth and
 * gallery throttles use it; a conversion also counts against addressKey, whoever is signed in.
 */
export function clientKey(c: Context): string {
  const user = c.get("userId") as string | undefined;
  if (user) return `user:${user}`;
  return addressKey(c);
}

/**
 * Where the caller is: its address (IPv6 by /64), whatever session the request carries, so thirty
 * fresh accounts from one address are still one client. The unit of fair share, of the per-address
 * job and rate limits, and of what account and gallery abuse is counted by.
 */
export function addressKey(c: Context): string {
  return `ip:${(c.get("clientIp") as string | undefined) ?? "unknown"}`;
}
