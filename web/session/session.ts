"use client";
import { useSyncExternalStore } from "react";
import { forgetUserCache } from "../jobs/client";
import { api } from "../jobs/api";

export interface SessionUser {
  id: string;
  email: string;
}

/** undefined while unknown, null when signed out. */
type State = SessionUser | null | undefined;

let state: State;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();
const set = (next: State) => {
  state = next;
  for (const l of listeners) l();
};

/**
 * Asks the server who is signed in (the session cookie is HttpOnly, so only it knows). A visitor
 * is a 200 with no user, not a 401: an anonymous page load logs no error.
 */
export function refreshSession(): Promise<void> {
  // A failure's body is read too (openapi-fetch reads it): an unread no-store body keeps the request open in Chromium.
  loading = api
    .GET("/api/auth/session", { cache: "no-store" })
    .then(({ data }) => set(data ? data.user : null))
    .catch(() => set(state ?? null));
  return loading;
}

export async function logOut(): Promise<void> {
  await api.POST("/api/auth/logout").catch(() => {});
  signedOut();
}

/** The session ended on the server (signed out everywhere, account deleted): this browser forgets the user too. */
export function signedOut() {
  forgetUserCache();
  set(null);
}

export function setSession(user: SessionUser) {
  // Whoever used this browser before: their offline gallery goes.
  if (state?.id !== user.id) forgetUserCache();
  set(user);
}

/** The signed-in user, shared by the header, the editor and the gallery. */
export function useSession(): State {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      if (!loading) void refreshSession();
      return () => listeners.delete(listener);
    },
    () => state,
    () => undefined,
  );
}
