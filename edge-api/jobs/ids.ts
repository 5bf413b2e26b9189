import { randomBytes } from "node:crypto";

/** 128 random bits, URL-safe: a job id is its own read capability for anonymous jobs. */
export function newJobId(): string {
  return randomBytes(16).toString("base64url");
}

export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
