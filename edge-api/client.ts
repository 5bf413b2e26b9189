// Who is calling. The address is the socket's: X-Forwarded-For is believed only from a trusted
// proxy, and then only up to the first hop that is not one (proxy-addr, as Express does it), so a
// client cannot name itself by sending the header.
import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import ipaddr from "ipaddr.js";
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
    if (peer) {
      const forwarded = c.req.header("x-forwarded-for");
      const request = { headers: forwarded ? { "x-forwarded-for": forwarded } : {}, connection: { remoteAddress: peer }, socket: { remoteAddress: peer } };
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
