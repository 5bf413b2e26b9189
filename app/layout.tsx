import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SessionNav } from "@/web/session/SessionNav";
import { ServiceWorker } from "@/web/sw/register";
import "./globals.css";

export const metadata: Metadata = {
  title: "Image Editor",
  description: "Edit photos on your device, offline if need be. Heavy effects run on the server.",
  applicationName: "Image Editor",
  appleWebApp: { capable: true, title: "Image Editor", statusBarStyle: "default" },
  icons: { icon: "/icons/icon-192.png", apple: "/icons/icon-192.png" },
};

// Every page renders per request, so its inline scripts carry the Content Security Policy's nonce (proxy.ts).
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  themeColor: "#1f2937",
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={GeistSans.className}>
      <body>
        <ServiceWorker />
        <header className="site">
          <h1>Image Editor</h1>
          <SessionNav />
        </header>
        {children}
        {/* Operators' pages, apart from the account menu. */}
        <footer className="site-foot">
          <a href="/status">Service status</a>
          <a href="/api/docs">API</a>
        </footer>
      </body>
    </html>
  );
}
