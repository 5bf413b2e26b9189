import type { Metadata } from "next";
import { AuthForm } from "@/web/session/AuthForm";

export const metadata: Metadata = { title: "Create an account · Image Editor" };

export default function RegisterPage() {
  return <AuthForm mode="register" />;
}
