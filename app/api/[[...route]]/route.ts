import { handle } from "hono/vercel";
import { getEmbeddedRuntime } from "@/edge-api/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = (request: Request) => handle(getEmbeddedRuntime().app)(request);
export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
