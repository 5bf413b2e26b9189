// A strict Content Security Policy on every page: scripts run only with this response's nonce
// (Next puts it on its own scripts, read from the request's CSP header) or when loaded by such a
// script ('strict-dynamic'); WebAssembly may compile; workers come from this origin or blob:.
// middleware.ts, not Next 16's proxy.ts: a Node.js-runtime proxy's NextResponse failed Next's own
// `instanceof Response` check (500 on every page), and the edge runtime's does not.
import { type NextRequest, NextResponse } from "next/server";

export function middleware(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`,
    // React writes style attributes; no script can hide in them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self' blob: data:",
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: the API, static chunks, the service worker and public files need no policy of their own.
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|serwist|vendor|models|workers|icons|screenshots|favicon.ico|manifest.webmanifest|healthz|readyz|metrics).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
