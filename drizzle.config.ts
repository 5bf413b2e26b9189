import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes SQL migrations from the schema into ./drizzle (committed).
export default defineConfig({
  dialect: "postgresql",
  schema: "./edge-api/db/schema.ts",
  out: "./drizzle",
});
