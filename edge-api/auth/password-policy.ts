// What a new password must be (registration and password change): long enough, and not one of
// the passwords people choose most, which are the first an attacker tries against every account,
// however slow the hash. The list is zxcvbn-ts' "passwords-common" (@zxcvbn-ts/language-common):
// 49,233 passwords ranked by how often they appear in leaked password sets, kept by the zxcvbn-ts
// project, MIT. It is compared whole and case-blind, not as zxcvbn's pattern scoring: a clear rule
// a person can be told in one sentence. Loaded on the first check, so processes that never take a
// password (workers) never hold it.

/** NIST SP 800-63B asks for 8 at least; the contract says 10. */
export const MIN_PASSWORD = 10;

let common: Promise<Set<string>> | undefined;
const commonPasswords = () =>
  (common ??= import("@zxcvbn-ts/language-common").then(({ dictionary }) => new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()))));

/** Why the password will not do, in words for the person choosing it; undefined when it will. */
export async function passwordProblem(password: string): Promise<string | undefined> {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if ((await commonPasswords()).has(password.normalize("NFKC").toLowerCase())) {
    return "This password is one of the most common ones, which attackers try first. Choose another: a few unrelated words make a strong one.";
  }
  return undefined;
}
