import type { Metadata } from "next";
import { StatusBoard } from "@/web/status/StatusBoard";

export const metadata: Metadata = { title: "Status · Image Editor" };

export default function StatusPage() {
  return <StatusBoard />;
}
