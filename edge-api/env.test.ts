import { expect, it } from "vitest";
import { loadEnv, loadPasswordScryptLog2N } from "./env";

it("has embedded defaults, and refuses separate processes on one PGlite", () => {
  const env = loadEnv({});
  expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", S3_FORCE_PATH_STYLE: false, JOB_TTL_SECONDS: 100 });
  expect(env.DATABASE_URL).toBeUndefined();
  expect(loadEnv({ S3_FORCE_PATH_STYLE: "true", BLOB_STORE: "s3://bucket/x" })).toMatchObject({ S3_FORCE_PATH_STYLE: true, BLOB_STORE: "s3://bucket/x" });
  expect(() => loadEnv({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/set DATABASE_URL too/);
  expect(loadEnv({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://db/app" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
  expect(() => loadEnv({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET/);
  expect(() => loadEnv({ S3_FORCE_PATH_STYLE: "maybe" })).toThrow(/S3_FORCE_PATH_STYLE/);
  // The external metrics API is served over TLS only.
  expect(() => loadEnv({ EXTERNAL_METRICS_PORT: "6443" })).toThrow(/EXTERNAL_METRICS_TLS_DIR/);
  expect(loadEnv({ EXTERNAL_METRICS_PORT: "6443", EXTERNAL_METRICS_TLS_DIR: "/tls" })).toMatchObject({ EXTERNAL_METRICS_PORT: 6443, EXTERNAL_METRICS_TLS_DIR: "/tls" });
});

it("hashes passwords at OWASP's scrypt cost by default and accepts no weaker than 2^14", () => {
  expect(loadPasswordScryptLog2N({})).toBe(17);
  expect(loadPasswordScryptLog2N({ PASSWORD_SCRYPT_LOG2N: "14" })).toBe(14);
  expect(() => loadPasswordScryptLog2N({ PASSWORD_SCRYPT_LOG2N: "10" })).toThrow(/PASSWORD_SCRYPT_LOG2N/);
  expect(() => loadEnv({ PASSWORD_SCRYPT_LOG2N: "12" })).toThrow(/PASSWORD_SCRYPT_LOG2N/);
});
