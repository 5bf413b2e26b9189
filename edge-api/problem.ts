import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** RFC 9457 problem details: every error the API returns has this shape. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): never {
  const type = `https://image-editor.invalid/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  // Typed as `never` so a zod-openapi handler may return it from any branch: the route's
  // declared error responses document it, and its body is not one of the typed JSON shapes.
  return c.body(JSON.stringify({ type, title, status, detail }), status, {
    "Content-Type": "application/problem+json",
    ...headers,
  }) as never;
}

/**
 * What went wrong with a store, for the log: the driver's own words (ECONNREFUSED, "Connection is
 * closed") rather than drizzle's "Failed query: …", which quotes the parameters: emails, user ids.
 */
export function storeFailure(error: unknown): string {
  let e = error;
  while (e instanceof Error && e.message.startsWith("Failed query") && e.cause) e = e.cause;
  const text = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
  return text.split("\n")[0]!.slice(0, 200);
}

/**
 * A route's answer to a request its schema refuses, in the contract's words (problem details, the
 * route's own title). Without one, the app's default hook answers 400 "Invalid request" naming
 * the first issue.
 */
export const refuseWith =
  (title: string, detail: string, status: 400 | 404 = 400) =>
  (result: { success: boolean }, c: Context) =>
    result.success ? undefined : problem(c, status, title, detail);
