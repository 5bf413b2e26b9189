import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "../env";
import { Limits } from "../../contract/schemas";

const read = createRoute({
  method: "get",
  path: "/",
  summary: "What a conversion may send and ask for, so a client can fit a photo before uploading it",
  responses: { 200: { description: "This server's limits", content: { "application/json": { schema: Limits } } } },
});

/**
 * The limits `POST /api/conversions` checks, as this server is configured: the editor shrinks a
 * photo to what its chain uses and encodes it within them before a job, and says before Run what
 * would be refused.
 */
export function limitsRoute(env: Env) {
  const body = {
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    maxPixels: env.MAX_PIXELS,
    maxOutputPixels: env.MAX_OUTPUT_PIXELS,
    maxJobSeconds: env.MAX_JOB_SECONDS,
    maxJobBytes: env.MAX_JOB_BYTES,
  };
  return new OpenAPIHono().openapi(read, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(body, 200);
  });
}
