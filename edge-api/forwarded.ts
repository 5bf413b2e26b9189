// The origin a browser used, as the proxy in front reports it (X-Forwarded-Host and -Proto), for
// the same-origin check. Believed only when the socket's peer is a trusted proxy (TRUSTED_PROXIES),
// as Express does for req.host: from anyone else the headers would let a foreign page vouch for
// its own origin, and its cookie-authenticated writes would pass as this site's.
import type { MiddlewareHandler } from "hono";
import proxyaddr from "proxy-addr";
import { peerAddress } from "./client";

export interface ForwardedVariables {
  /** Origins the trusted proxy says the request was sent to; unset when it says nothing or is not trusted. */
  forwardedOrigins?: string[];
}

/** The nearest proxy's value: with several in a row, the first is the one the browser reached. */
const first = (header: string | undefined) => header?.split(",")[0]?.trim() || undefined;

export function forwardedOrigin({ trustedProxies }: { trustedProxies: string[] }): MiddlewareHandler<{ Variables: ForwardedVariables }> {
  const trust = proxyaddr.compile(trustedProxies);
  return async (c, next) => {
    const peer = peerAddress(c);
    const host = first(c.req.header("x-forwarded-host"));
    if (peer && host && trust(peer, 0)) c.set("forwardedOrigins", [`${first(c.req.header("x-forwarded-proto")) ?? "https"}://${host}`, `http://${host}`]);
    await next();
  };
}
