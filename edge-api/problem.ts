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
