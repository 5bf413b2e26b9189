// The API inside Next (embedded, `npm start`). A Pages Router API route rather than an App Router
// one: it gets Node's request, so the Hono app sees the socket's address (c.env.incoming) exactly
// as on @hono/node-server in the api role, and X-Forwarded-For counts only from TRUSTED_PROXIES.
import { getRequestListener } from "@hono/node-server";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEmbeddedRuntime } from "@/edge-api/runtime";

export const config = {
  // The app reads its own bodies (uploads stream through its limits) and answers every request.
  api: { bodyParser: false, responseLimit: false, externalResolver: true },
};

let listener: ReturnType<typeof getRequestListener> | undefined;

export default function handler(req: IncomingMessage, res: ServerResponse) {
  listener ??= getRequestListener(getEmbeddedRuntime().app.fetch);
  return listener(req, res);
}
