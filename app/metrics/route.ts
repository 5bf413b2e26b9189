import { nextHandler } from "@/edge-api/next-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export { nextHandler as GET };
