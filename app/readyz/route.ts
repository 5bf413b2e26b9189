import { handle } from "hono/vercel";
import { getEmbeddedRuntime } from "@/edge-api/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handle(getEmbeddedRuntime().app)(request);
