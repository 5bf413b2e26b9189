// The signed-in user's recent gallery, kept for offline viewing only. While the network answers,
// it is always the answer, however slow; the cache serves only when there is no network. The
// cache belongs to one user: /api/auth/session answering no user (or 401), or another user,
// empties it, and a cached answer is not served past the session's expiry (X-Session-Expires), so
// an ended session's data is not shown offline either.

export const USER_CACHE = "user-gallery";
const OWNER = "/__owner";

const owner = async (cache: Cache) => (await (await cache.match(OWNER))?.json().catch(() => undefined)) as { id: string; expiresAt: number } | undefined;

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
    const user = response.ok ? ((await response.clone().json()) as { user: { id: string } | null }).user : undefined;
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
  } else if (response.ok && (await caches.match(OWNER, { cacheName: USER_CACHE }))) {
    // Looked up by name, not opened: opening would bring back a cache that a session answering
    // "no user" deleted while this response was on its way.
    const cache = await caches.open(USER_CACHE);
    // Deleted in the moment between: the cache just opened is a new, ownerless one; it goes.
    if (await owner(cache)) await cache.put(request, response.clone());
    else await caches.delete(USER_CACHE);
  }
  return response;
}
