import { randomBytes } from "node:crypto";

/** 128 random bits, URL-safe: a job id is its own read capability for anonymous jobs. */
export function newJobId(): string {
  return randomBytes(16).toString("base64url");
}
