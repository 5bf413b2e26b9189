import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { addressKey } from "../client";
import type { Attempter } from "./throttle";
import { DEVICE_COOKIE, type Tokens } from "./tokens";

/**
 * Who is trying a password for `email`: the address, whatever session the request carries, and
 * the browser's device when its signed cookie names this account, issued since the account last
 * signed out everywhere (`generation`, the account's; login and password change alike).
 */
export async function attempter(c: Context, tokens: Tokens, email: string, generation = 0): Promise<Attempter> {
  const device = await tokens.verifyDevice(getCookie(c, DEVICE_COOKIE));
  return { address: addressKey(c), ...(device?.email === email && device.generation === generation && { device: device.id }) };
}
