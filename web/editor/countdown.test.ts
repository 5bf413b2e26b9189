import { expect, test } from "vitest";
import { formatSecondsLeft, secondsLeft } from "./countdown";

test("an estimate counts down from when it was reported, and stops at zero", () => {
  const at = 1_000_000;
  expect(secondsLeft(22, at, at)).toBe(22);
  expect(secondsLeft(22, at, at + 1000)).toBe(21);
  expect(secondsLeft(22, at, at + 5500)).toBe(16.5);
  expect(secondsLeft(22, at, at + 60_000)).toBe(0);
  // A clock read before the report (a tick from before it) does not add time.
  expect(secondsLeft(22, at, at - 3000)).toBe(22);
});

test("the time left reads in whole seconds, and minutes past 59 s", () => {
  expect(formatSecondsLeft(22)).toBe("22 s");
  expect(formatSecondsLeft(21.4)).toBe("21 s");
  expect(formatSecondsLeft(0)).toBe("1 s");
  expect(formatSecondsLeft(65)).toBe("1 min 5 s");
  expect(formatSecondsLeft(119.6)).toBe("2 min 0 s");
});
