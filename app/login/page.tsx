import type { Metadata } from "next";
import { AuthForm } from "@/web/session/AuthForm";

export const metadata: Metadata = { title: "Log in · Image Editor" };

export default function LoginPage() {
  return <AuthForm mode="login" />;
}
