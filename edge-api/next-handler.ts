import { handle } from "hono/vercel";
import { getEmbeddedRuntime } from "./runtime";

let handler: ((request: Request) => Response | Promise<Response>) | undefined;

/** The Hono app as a Next route handler; the runtime is created on the first request. */
export function nextHandler(request: Request) {
  handler ??= handle(getEmbeddedRuntime().app);
  return handler(request);
}
