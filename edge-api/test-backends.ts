// The two ways to run, for suites that must pass on both: embedded (PGlite, the in-process
// queue, files) and production (PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

export interface Backend {
  name: string;
  setup(): Promise<{ vars: Record<string, string>; teardown(): Promise<void> }>;
}

/** A database of its own on the machine's PostgreSQL, dropped afterwards. */
export async function createTestDatabase(server = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test") {
  const name = `ie_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const backends: Backend[] = [
  {
    name: "embedded",
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), "ie-embedded-"));
      return { vars: { DATA_DIR: dir }, teardown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "production",
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), "ie-production-"));
      const database = await createTestDatabase();
      const vars = {
        DATA_DIR: dir,
        DATABASE_URL: database.url,
        REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
        REDIS_PREFIX: `ie-test-${process.pid}-${randomBytes(3).toString("hex")}:`,
        // A folder as the shared volume; the S3 adapter has its own contract run.
        BLOB_STORE: `file://${join(dir, "shared-blobs")}`,
      };
      return {
        vars,
        async teardown() {
          await database.drop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
