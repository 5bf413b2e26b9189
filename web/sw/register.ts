"use client";
import { useEffect } from "react";

/**
 * Registers the service worker (built by app/serwist, an ES module). A dozen lines instead of
 * @serwist/window's provider: first-load JS is budgeted, and this page needs no more.
 */
export function useServiceWorker() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    void navigator.serviceWorker.register("/serwist/sw.js", { scope: "/", type: "module" }).catch((error: unknown) => {
      console.warn("The service worker did not register; the app will not work offline.", error);
    });
  }, []);
}

export function ServiceWorker() {
  useServiceWorker();
  return null;
}
