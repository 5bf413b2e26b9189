// Session tokens: HS256 JWTs signed with jose. The key is JWT_SECRET, or one generated once and
// kept in DATA_DIR, so embedded sessions survive a restart.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jwtVerify, SignJWT } from "jose";

export const SESSION_COOKIE = "session";
export const SESSION_SECONDS = 2 * 60 * 60;
/** Marks a browser that has logged into an account: others' failures never lock it out (throttle.ts). */
export const DEVICE_COOKIE = "device";
export const DEVICE_SECONDS = 365 * 24 * 60 * 60;

export interface SessionUser {
  id: string;
  email: string;
}

/** A verified session token: its user and its session's id (the token's jti). */
export interface SessionClaims extends SessionUser {
  sessionId: string;
  /** When the token expires, in ms since the epoch. */
  expiresAt: number;
}

export interface Tokens {
  sign(user: SessionUser, sessionId: string): Promise<string>;
  /** The claims, or undefined for a token that is tampered with, expired, unsigned, malformed or without exp or jti. */
  verify(token: string): Promise<SessionClaims | undefined>;
  /** A device cookie's value for an account (its email), in the account's session generation. */
  signDevice(email: string, generation?: number): Promise<string>;
  /** The account a device cookie was issued for, the device's id and the generation, if it is genuine and current. */
  verifyDevice(token: string | undefined): Promise<{ email: string; id: string; generation: number } | undefined>;
}

function secretFrom(options: { JWT_SECRET?: string; DATA_DIR: string }): Uint8Array {
  if (options.JWT_SECRET) return new TextEncoder().encode(options.JWT_SECRET);
  const file = join(options.DATA_DIR, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(options.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return new TextEncoder().encode(readFileSync(file, "utf8").trim());
}

export function createTokens(options: { JWT_SECRET?: string; DATA_DIR: string }): Tokens {
  const key = secretFrom(options);
  return {
    sign: (user, sessionId) =>
      new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(user.id)
        .setJti(sessionId)
        .setIssuedAt()
        .setExpirationTime(`${SESSION_SECONDS}s`)
        .sign(key),
    async verify(token) {
      try {
        // Only HS256: "none" and any other algorithm are refused before the signature is read.
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], requiredClaims: ["exp", "sub", "jti"] });
        const { sub, email, jti, typ, exp } = payload;
        return typ === undefined && typeof sub === "string" && typeof email === "string" && typeof jti === "string" ? { id: sub, email, sessionId: jti, expiresAt: exp! * 1000 } : undefined;
      } catch {
        return undefined;
      }
    },
    // The jti names the device: its own failures on the account are counted under it (throttle.ts).
    // `gen`: the account's session generation; "sign out everywhere" raises it, and older devices no longer count.
    signDevice: (email, generation = 0) =>
      new SignJWT({ typ: "device", email, gen: generation }).setProtectedHeader({ alg: "HS256" }).setJti(randomUUID()).setIssuedAt().setExpirationTime(`${DEVICE_SECONDS}s`).sign(key),
    async verifyDevice(token) {
      if (!token) return undefined;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], requiredClaims: ["exp"] });
        if (payload.typ !== "device" || typeof payload.email !== "string") return undefined;
        // Cookies issued before devices had ids: the token itself is as unique.
        const id = typeof payload.jti === "string" ? payload.jti : createHash("sha256").update(token).digest("base64url").slice(0, 22);
        // Cookies issued before generations: the first one.
        return { email: payload.email, id, generation: typeof payload.gen === "number" ? payload.gen : 0 };
      } catch {
        return undefined;
      }
    },
  };
}
