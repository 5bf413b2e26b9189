import { nextHandler } from "@/edge-api/next-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export { nextHandler as DELETE, nextHandler as GET, nextHandler as PATCH, nextHandler as POST, nextHandler as PUT };
