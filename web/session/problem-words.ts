// A refused account request, in words for the person: the server's own detail, and when a
// throttled or busy server says how long to wait, that too (unless the detail says it already).
import { problemText } from "../jobs/http";

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export async function problemWords(res: Response): Promise<string> {
  const text = await problemText(res);
  const wait = Number(res.headers.get("Retry-After"));
  if ((res.status === 429 || res.status === 503) && wait > 0 && !/\d/.test(text)) return `${text} Try again in ${duration(wait)}.`;
  return text;
}

export const unreachable = "The server cannot be reached. Check the connection and try again.";
