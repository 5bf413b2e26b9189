// scrypt from node:crypto (memory-hard, as argon2id, with no native addon to build).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import pLimit from "p-limit";
import { loadPasswordScryptLog2N } from "../env";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

// OWASP's scrypt floor by default: N=2^17, r=8, p=1 (128 MiB); the cost travels with the hash.
const N = 2 ** loadPasswordScryptLog2N();
const R = 8;
const P = 1;
const KEY = 32;
const maxmem = 256 * 1024 * 1024;

/** Too many hashes are waiting: the caller answers 503 with Retry-After rather than queueing on. */
export class HashingBusy extends Error {
  constructor() {
    super("Too many passwords are being checked at once.");
  }
}

// Each hash holds a core and 128 MiB for half a second, on libuv's pool of 4 threads, which file
// reads and DNS share: unbounded, 40 registrations made /readyz wait 30 s. One core is kept free.
const hashing = pLimit(Math.max(1, availableParallelism() - 1));
const MAX_WAITING = 16;

function bounded<T>(work: () => Promise<T>): Promise<T> {
  if (hashing.pendingCount >= MAX_WAITING) return Promise.reject(new HashingBusy());
  return hashing(work);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await bounded(() => scrypt(password.normalize("NFKC"), salt, KEY, { N, r: R, p: P, maxmem }));
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await bounded(() => scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64"), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem }));
  return timingSafeEqual(actual, expected);
}
