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

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and worker-thread packages stay plain Node requires rather than bundled.
  serverExternalPackages: ["piscina", "ioredis", "wasm-vips", "image-size"],
  async headers() {
    return [
      { source: "/:path*", headers: isolation },
      {
        source: "/vendor/:path*",
        headers: [{ key: "Cache-Control", value: "public, max-age=86400" }],
      },
    ];
  },
};

export default withSerwist(nextConfig);
