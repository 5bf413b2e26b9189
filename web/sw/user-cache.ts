// The signed-in user's recent gallery, kept for offline viewing only. While the network answers,
// it is always the answer, however slow; the cache serves only when there is no network. The
// cache belongs to one user: /api/auth/session answering no user (or 401), or another user,
// empties it, and a cached answer is not served past the session's expiry (X-Session-Expires), so
// an ended session's data is not shown offline either.

export const USER_CACHE = "user-gallery";
const OWNER = "/__owner";

const owner = async (cache: Cache): Promise<{ id: string; expiresAt: number } | undefined> => (await cache.match(OWNER))?.json().catch(() => undefined);

/** /api/auth/session and the gallery's first page: network first, without a timeout; the cache offline. */
export async function userData(request: Request): Promise<Response> {
  const isSession = new URL(request.url).pathname === "/api/auth/session";
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    // Opening a cache creates it: look first.
    if (!(await caches.has(USER_CACHE))) return Response.error();
    const cache = await caches.open(USER_CACHE);
    const who = await owner(cache);
    if (!who || who.expiresAt <= Date.now()) {
      await caches.delete(USER_CACHE);
      return Response.error();
    }
    return (await cache.match(request)) ?? Response.error();
  }
  if (isSession) {
    const session: { user: { id: string } | null } | undefined = response.ok ? await response.clone().json() : undefined;
    const user = session?.user;
    if (response.status === 401 || user === null) await caches.delete(USER_CACHE);
    if (user) {
      const cache = await caches.open(USER_CACHE);
      const before = await owner(cache);
      if (before && before.id !== user.id) await caches.delete(USER_CACHE);
      const expiresAt = Number(response.headers.get("x-session-expires")) || Date.now();
      const fresh = await caches.open(USER_CACHE);
      await fresh.put(OWNER, Response.json({ id: user.id, expiresAt }));
      await fresh.put(request, response.clone());
    }
  } else if (response.ok) await keepForOwner(request, response.clone());
  return response;
}

/** Images kept at most: the recent gallery's thumbnails and a few opened items. */
const MAX_IMAGES = 150;

/**
 * A gallery item's images: they never change (an immutable ETag), so a kept copy is the answer,
 * while the session that kept it lasts; else the network, kept for its owner. Not serwist's
 * CacheFirst and ExpirationPlugin: both open the cache to write, and opening a cache creates it,
 * so an image arriving after the session ended brought the deleted cache back.
 */
export async function userImage(request: Request): Promise<Response> {
  if (await caches.has(USER_CACHE)) {
    const cache = await caches.open(USER_CACHE);
    const who = await owner(cache);
    const kept = who && who.expiresAt > Date.now() ? await cache.match(request) : undefined;
    if (kept) return kept;
  }
  const response = await fetch(request);
  if (response.ok) await keepForOwner(request, response.clone(), MAX_IMAGES);
  return response;
}

/** Put into the user's cache only if it exists and has an owner; the oldest go past `max`. */
async function keepForOwner(request: Request, response: Response, max?: number): Promise<void> {
  // Looked up by name, not opened: opening would bring back a cache that a session answering
  // "no user" deleted while this response was on its way.
  if (!(await caches.match(OWNER, { cacheName: USER_CACHE }))) return;
  const cache = await caches.open(USER_CACHE);
  // Deleted in the moment between: the cache just opened is a new, ownerless one; it goes.
  if (!(await owner(cache))) {
    await caches.delete(USER_CACHE);
    return;
  }
  await cache.put(request, response);
  if (max === undefined) return;
  // Keys come in the order they were put: the first are the oldest. The owner and the lists stay.
  const images = (await cache.keys()).filter((k) => /\/api\/gallery\/[^/]+\/(thumb|result|original)$/.test(new URL(k.url).pathname));
  for (const old of images.slice(0, Math.max(0, images.length - max))) await cache.delete(old);
}
