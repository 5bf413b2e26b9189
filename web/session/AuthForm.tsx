"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { problemOf } from "../../contract/client";
import { api } from "../jobs/api";
import { BusyForm } from "./BusyForm";
import styles from "./auth.module.css";
import { setSession } from "./session";

/** Log in, or create an account and log straight in. */
export function AuthForm({ mode }: { mode: "login" | "register" }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // What is happening while pending, announced by the status line: registering is two password
  // hashes (scrypt, ~0.3 s each on a 2-core server), more when the server is busy.
  const [progress, setProgress] = useState<string>();
  const registering = mode === "register";

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const body = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
    setPending(true);
    setError(undefined);
    try {
      if (registering) {
        setProgress("Creating your account…");
        const created = await api.POST("/api/auth/register", { body });
        if (!created.data) return setError(problemOf(created.response, created.error).message);
        setProgress("Account created. Signing you in…");
      } else {
        setProgress("Checking your password…");
      }
      const login = await api.POST("/api/auth/login", { body });
      if (!login.data) return setError(problemOf(login.response, login.error).message);
      setSession(login.data.user);
      router.push(registering ? "/" : "/gallery");
    } catch {
      setError("The server cannot be reached. Check the connection and try again.");
    } finally {
      setPending(false);
      setProgress(undefined);
    }
  };

  return (
    <main className="auth">
      <h2>{registering ? "Create an account" : "Log in"}</h2>
      <p className="muted">
        {registering ? "Signed in, the edits you save are kept in your gallery." : "Your gallery keeps the edits you save while signed in."}
      </p>
      <BusyForm pending={pending} onSubmit={submit}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={254} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={registering ? "new-password" : "current-password"}
            required
            minLength={registering ? 10 : undefined}
            maxLength={1024}
          />
        </label>
        {registering && <span className="muted">At least 10 characters, and not one of the most common passwords.</span>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className={`primary ${styles.submit}`} disabled={pending} aria-busy={pending}>
          {pending && <span className={styles.spinner} aria-hidden="true" />}
          {registering ? (pending ? "Creating account…" : "Create account") : pending ? "Logging in…" : "Log in"}
        </button>
        {/* Always in the page, so that screen readers announce what is put in it. */}
        <p role="status" className={styles.progress}>
          {progress}
        </p>
      </BusyForm>
      <p>
        {registering ? (
          <>
            Have an account? <Link href="/login">Log in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/register">Create an account</Link>
          </>
        )}
      </p>
    </main>
  );
}
