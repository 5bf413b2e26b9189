import type { Metadata } from "next";
import { Account } from "@/web/session/Account";

export const metadata: Metadata = { title: "Account · Image Editor" };

export default function AccountPage() {
  return <Account />;
}
