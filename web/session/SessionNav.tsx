"use client";
import { logOut, useSession } from "./session";

/**
 * The header's links and account corner: the editor, who is signed in, the gallery, the account
 * page, and the way in or out. The cluster's status is an operator's page: the footer links to it,
 * not this menu. Plain links: the editor is a Pages Router page and the rest App
 * Router, so no client router spans them, and next/link would cost the editor ~13 KB of first-load JS.
 */
export function SessionNav() {
  const user = useSession();
  return (
    <nav className={user ? "session signed-in" : "session"} aria-label="Account">
      <a href="/">Editor</a>
      {user ? (
        <>
          <a href="/gallery">Gallery</a>
          <span className="who" aria-label="Signed in as">
            {user.email}
          </span>
          <a href="/account">Account</a>
          <button
            type="button"
            onClick={async () => {
              await logOut();
              // A full load: the editor (a Pages Router page) and the rest share no client router.
              location.assign("/");
            }}
          >
            Log out
          </button>
        </>
      ) : user === null ? (
        <>
          <a href="/login">Log in</a>
          <a href="/register">Register</a>
        </>
      ) : null}
    </nav>
  );
}
