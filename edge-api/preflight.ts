// Checks made before a role starts serving, so a misconfigured pod fails at once with words a
// person can act on, instead of starting and answering 500 later (a read-only DATA_DIR once made
// /readyz answer 500 with an EACCES stack trace for the JWT secret file).
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export function checkDataDir(dataDir: string): string | undefined {
  const dir = resolve(dataDir);
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, "");
    rmSync(probe);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const uid = process.getuid?.() ?? "?";
    return `DATA_DIR ${dir} is not writable by uid ${uid} (${code}). It holds the generated JWT secret and the model cache: mount a writable volume there (the chart mounts an emptyDir), or set DATA_DIR to a writable folder.`;
  }
}

/** Exits with the message when the data folder cannot be written. */
export function requireWritableDataDir(dataDir: string): void {
  const problem = checkDataDir(dataDir);
  if (!problem) return;
  console.error(problem);
  process.exit(78); // EX_CONFIG
}
