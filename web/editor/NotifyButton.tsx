"use client";
import { useEffect, useState } from "react";

/** Asks once, while a server job runs, whether to be told when it is done in the background. */
export function NotifyButton() {
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("unsupported");
  useEffect(() => setPermission("Notification" in window ? Notification.permission : "unsupported"), []);
  if (permission !== "default") return null;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Notify me when done
    </button>
  );
}

/** The preview's size: the screen's long side in device pixels, within reason for a phone's memory. */
