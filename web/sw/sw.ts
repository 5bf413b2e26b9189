/// <reference lib="webworker" />
import { defaultCache } from "@serwist/turbopack/worker";
import { CacheFirst, ExpirationPlugin, NetworkOnly, type PrecacheEntry, Serwist, type SerwistGlobalConfig } from "serwist";
import { pruneJobs, type ToWorker } from "../jobs/store";
import { cancel, kick, openJobFromNotification } from "./job-poller";
import { receiveShare } from "./share-target";
import { USER_CACHE, userData, userImage } from "./user-cache";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const galleryList = ({ sameOrigin, url }: { sameOrigin: boolean; url: URL }) =>
  sameOrigin && (url.pathname === "/api/auth/session" || (url.pathname === "/api/gallery" && !url.searchParams.get("cursor")));
const galleryImage = ({ sameOrigin, url }: { sameOrigin: boolean; url: URL }) => sameOrigin && /^\/api\/gallery\/[0-9a-f-]{36}\/(thumb|result|original)$/.test(url.pathname);

/** On-device models and onnxruntime-web (heavy converters with a device.ts): fetched on first use, then kept. */
const MODEL_CACHE = "ml-models";
const modelFiles = ({ sameOrigin, url }: { sameOrigin: boolean; url: URL }) => sameOrigin && /^\/(models\/|vendor\/ort-)/.test(url.pathname);

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    { matcher: galleryList, handler: ({ request }) => userData(request) },
    // An item's images never change (immutable ETag): once fetched, they come from the user's cache.
    { matcher: galleryImage, handler: ({ request }) => userImage(request) },
    // Versioned names (the runtime's version, the model's hash), so a cached copy is never stale;
    // the oldest go once a new version's files arrive.
    { matcher: modelFiles, handler: new CacheFirst({ cacheName: MODEL_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 20 })] }) },
    // Everything else of the API is never answered from a cache: results and sessions are private.
    { matcher: ({ sameOrigin, url }) => sameOrigin && url.pathname.startsWith("/api/"), handler: new NetworkOnly() },
    { matcher: ({ url }) => url.pathname === "/share", method: "POST", handler: ({ request }) => receiveShare(request) },
    ...defaultCache,
  ],
  // Offline, any other page falls back to the precached editor shell.
  fallbacks: {
    entries: [{ url: "/", matcher: ({ request }) => request.destination === "document" }],
  },
});

self.addEventListener("message", (event) => {
  const message = event.data as ToWorker;
  if (message.type === "cancel") event.waitUntil(cancel(message.key).then(kick));
  else if (message.type === "logout") event.waitUntil(caches.delete(USER_CACHE));
  // A page's messages keep this worker alive while it polls (Chromium ends an idle one after ~30 s).
  else event.waitUntil(Promise.race([kick(), new Promise((r) => setTimeout(r, 25_000))]));
});
// Background Sync: jobs queued offline are sent when the connection returns, even with no tab open.
self.addEventListener("sync", (event) => {
  const sync = event as ExtendableEvent & { tag?: string };
  if (sync.tag === "jobs") sync.waitUntil(kick());
});
self.addEventListener("notificationclick", openJobFromNotification);
self.addEventListener("activate", (event) => event.waitUntil(pruneJobs().then(() => void kick())));

serwist.addEventListeners();
// A restarted worker resumes whatever IndexedDB says is still running.
void kick();
