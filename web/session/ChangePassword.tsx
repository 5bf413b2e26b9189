"use client";
import { useState } from "react";
import { problemOf } from "../../contract/client";
import { api } from "../jobs/api";
import { problemWords, unreachable } from "./problem-words";
import { BusyForm } from "./BusyForm";

/** Change the password: the current one, then the new one; every other session of the account ends. */
export function ChangePassword() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setPending(true);
    setError(undefined);
    setDone(undefined);
    try {
      const { error, response } = await api.POST("/api/auth/password", { body: { currentPassword: String(data.get("currentPassword") ?? ""), newPassword: String(data.get("newPassword") ?? "") } });
      if (response.status !== 204) return setError(problemWords(problemOf(response, error)));
      form.reset();
      setDone("Your password is changed. Every other session of your account has ended; this one goes on.");
    } catch {
      setError(unreachable);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="change-password">
      <h3 id="change-password">Change password</h3>
      <BusyForm pending={pending} onSubmit={submit}>
        <label>
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        <label>
          New password
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={10} maxLength={1024} />
        </label>
        <span className="muted">At least 10 characters, and not one of the most common passwords.</span>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Changing password…" : "Change password"}
        </button>
        <p role="status" className="muted">
          {done}
        </p>
      </BusyForm>
    </section>
  );
}
