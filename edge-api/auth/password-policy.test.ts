import { expect, test } from "vitest";
import { MIN_PASSWORD, passwordProblem } from "./password-policy";

test("refuses short passwords and common ones (case-blind), and takes the rest", async () => {
  expect(await passwordProblem("short")).toBe(`Use at least ${MIN_PASSWORD} characters.`);
  for (const common of ["password123", "PASSWORD123", "qwertyuiop", "1234567890", "iloveyou123"]) {
    expect(await passwordProblem(common), common).toMatch(/one of the most common/);
  }
  for (const fine of ["correct horse battery", "password123 but longer", "a new good password"]) {
    expect(await passwordProblem(fine), fine).toBeUndefined();
  }
});
