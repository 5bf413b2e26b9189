import { withSerwist } from "@serwist/turbopack";
import type { NextConfig } from "next";

// wasm-vips needs SharedArrayBuffer for its threads, which browsers grant only to
// cross-origin-isolated documents. Every response carries the pair, so every page,
// worker and precached copy is isolated, online or off.
const isolation = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

// Hardening every response carries. The CSP here only forbids framing; pages get the full policy,
// with a nonce per request, from middleware.ts.
const hardening = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
// The camera ("Take photo") on the editor only; nothing else asks for a device.
const permissions = (camera: string) => ({ key: "Permissions-Policy", value: `camera=${camera}, microphone=(), geolocation=(), payment=(), usb=()` });

const nextConfig: NextConfig = {
  // The image builds with NEXT_OUTPUT=standalone: server.js and only the files Next's server loads.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and worker-thread packages stay plain Node requires rather than bundled.
  serverExternalPackages: ["piscina", "ioredis", "wasm-vips", "image-size"],
  async headers() {
    return [
      { source: "/:path*", headers: [...isolation, ...hardening, permissions("()")] },
      { source: "/", headers: [permissions("(self)")] },
      // A new service worker must reach browsers at once: never served stale by a CDN or the browser.
      { source: "/serwist/:path*", headers: [{ key: "Cache-Control", value: "no-cache" }] },
      {
        source: "/vendor/:path*",
        headers: [{ key: "Cache-Control", value: "public, max-age=86400" }],
      },
    ];
  },
};

export default withSerwist(nextConfig);
