"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { logOut, useSession } from "./session";

/** The header's account corner: who is signed in, the gallery, and the way in or out. */
export function SessionNav() {
  const user = useSession();
  const router = useRouter();
  return (
    <nav className="session" aria-label="Account">
      <Link href="/">Editor</Link>
      {user ? (
        <>
          <Link href="/gallery">Gallery</Link>
          <span className="who" aria-label="Signed in as">
            {user.email}
          </span>
          <button
            type="button"
            onClick={async () => {
              await logOut();
              router.push("/");
            }}
          >
            Log out
          </button>
        </>
      ) : user === null ? (
        <>
          <Link href="/login">Log in</Link>
          <Link href="/register">Register</Link>
        </>
      ) : null}
    </nav>
  );
}
