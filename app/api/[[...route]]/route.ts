import { handle } from "hono/vercel";
import { createApp } from "@/edge-api/app";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = handle(createApp());
export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
