// A refused account request, in words for the person: the server's own detail, and when a
// throttled or busy server says how long to wait, that too (unless the detail says it already).
import type { ApiProblem } from "../../contract/client";

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function problemWords({ status, message, retryAfter }: ApiProblem): string {
  if ((status === 429 || status === 503) && retryAfter && !/\d/.test(message)) return `${message} Try again in ${duration(retryAfter)}.`;
  return message;
}

export const unreachable = "The server cannot be reached. Check the connection and try again.";
