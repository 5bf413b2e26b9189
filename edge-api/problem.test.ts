import { expect, test } from "vitest";
import { storeFailure } from "./problem";

test("a store failure is logged in the driver's words, without the query's parameters", () => {
  const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const drizzle = new Error('Failed query: select * from "users" where "email" = $1\nparams: someone@example.org', { cause });
  expect(storeFailure(drizzle)).toBe("connect ECONNREFUSED 127.0.0.1:5432");
  expect(storeFailure(drizzle)).not.toContain("example.org");
  expect(storeFailure(Object.assign(new Error(""), { code: "ECONNRESET" }))).toBe("ECONNRESET");
  expect(storeFailure(new Error("Connection is closed."))).toBe("Connection is closed.");
});
