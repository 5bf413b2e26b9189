"use client";
import { useState } from "react";
import { ChangePassword } from "./ChangePassword";
import { problemOf } from "../../contract/client";
import { api } from "../jobs/api";
import { problemWords, unreachable } from "./problem-words";
import { signedOut, useSession } from "./session";

/**
 * The signed-in user's account: change the password, sign out everywhere (every session ends,
 * this one too), delete the account after a second, explicit step. Each says what happened.
 */
export function Account() {
  const user = useSession();
  const [pending, setPending] = useState<"sessions" | "account">();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  // Kept after the session ends, so the page says what happened rather than "log in".
  const [ended, setEnded] = useState<string>();

  const end = async (what: "sessions" | "account") => {
    setPending(what);
    setError(undefined);
    try {
      const { error, response } = await (what === "sessions" ? api.DELETE("/api/auth/sessions") : api.DELETE("/api/auth/me"));
      if (response.status !== 204) return setError(problemWords(problemOf(response, error)));
      setEnded(what === "sessions" ? "You are signed out everywhere: every session of your account has ended, this one too, and no browser counts as yours any more." : "Your account is deleted, with your gallery and every image in it.");
      signedOut();
    } catch {
      setError(unreachable);
    } finally {
      setPending(undefined);
    }
  };

  if (ended || user === null) {
    return (
      <main className="auth account">
        <h2>Account</h2>
        <p role="status">{ended}</p>
        <p>
          <a href="/login">Log in</a>
          {ended ? " again, or " : " to manage your account, or "}
          <a href="/register">create an account</a>.
        </p>
      </main>
    );
  }

  return (
    <main className="auth account" aria-busy={user === undefined}>
      <h2>Account</h2>
      {user && <p className="muted">Signed in as {user.email}.</p>}
      <ChangePassword />

      <section aria-labelledby="sign-out-everywhere">
        <h3 id="sign-out-everywhere">Sign out everywhere</h3>
        <p className="muted">For a lost phone or a shared computer: every session of your account ends, this one too.</p>
        <button type="button" onClick={() => void end("sessions")} disabled={pending !== undefined}>
          {pending === "sessions" ? "Signing out everywhere…" : "Sign out everywhere"}
        </button>
      </section>

      <section aria-labelledby="delete-account">
        <h3 id="delete-account">Delete account</h3>
        {confirming ? (
          <div role="group" aria-label="Confirm deletion">
            <p>Delete your account, your gallery and every image in it? This cannot be undone.</p>
            <button type="button" className="danger" onClick={() => void end("account")} disabled={pending !== undefined}>
              {pending === "account" ? "Deleting…" : "Yes, delete my account"}
            </button>{" "}
            <button type="button" onClick={() => setConfirming(false)} disabled={pending !== undefined}>
              Keep my account
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete account
          </button>
        )}
      </section>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}
