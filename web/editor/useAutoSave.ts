"use client";
import { useEffect, useState } from "react";
import type { SessionUser } from "../session/session";

// Kept per device and per user (localStorage, keyed by the account): a setting about how this
// browser behaves, like where heavy steps run; the server keeps no preferences, so another
// device, or another account on this one, starts with it off.
const key = (userId: string) => `gallery-auto-save:${userId}`;

/**
 * Whether the editor saves every result to the signed-in user's gallery on its own (the old
 * behaviour), or only when "Save to gallery" is pressed: off until the user turns it on.
 */
export function useAutoSave(user: SessionUser | null | undefined): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  const userId = user?.id;
  useEffect(() => {
    setOn(Boolean(userId) && localStorage.getItem(key(userId!)) === "on");
  }, [userId]);
  return [
    on,
    (next) => {
      if (!userId) return;
      if (next) localStorage.setItem(key(userId), "on");
      else localStorage.removeItem(key(userId));
      setOn(next);
    },
  ];
}
