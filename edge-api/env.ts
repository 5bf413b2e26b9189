import proxyaddr from "proxy-addr";
import { z } from "zod";

/**
 * scrypt's cost as log2(N) for new password hashes (each hash stores its own, so a change leaves
 * existing accounts working). 17 is OWASP's floor (128 MiB, ~0.5 s a hash); 14 is the lowest
 * accepted, for test runs that register hundreds of accounts.
 */
const passwordScryptLog2N = z.coerce.number().int().min(14).max(20).default(17);

/** The password hash cost alone: read once by auth/password.ts, which no request's env reaches. */
export function loadPasswordScryptLog2N(source: Record<string, string | undefined> = process.env): number {
  const parsed = passwordScryptLog2N.safeParse(source.PASSWORD_SCRYPT_LOG2N || undefined);
  if (!parsed.success) throw new Error(`Invalid environment:\nPASSWORD_SCRYPT_LOG2N: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// One validated view of the environment, after create-t3-app: every knob in API.md's table,
// with its embedded default. Production sets DATABASE_URL and REDIS_URL.
const schema = z.object({
  PASSWORD_SCRYPT_LOG2N: passwordScryptLog2N,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  /** The node this process runs on, shown beside it on /status (the chart sets it from the downward API's spec.nodeName). */
  NODE_NAME: z.string().min(1).max(253).optional(),
  /** Gallery images: `s3://bucket[/prefix]`, or a folder (`file://…` or a path); unset means DATA_DIR/blobs. */
  BLOB_STORE: z.string().optional(),
  /** For S3-compatible stores other than AWS (Ceph RGW, MinIO…). Credentials: the usual AWS_* variables. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** Signs session JWTs; unset, one is generated once and kept in DATA_DIR. */
  JWT_SECRET: z.string().min(32).optional(),
  /** Key prefix in Redis, so several deployments (or test runs) can share one server. */
  REDIS_PREFIX: z.string().default("ie:"),
  JOB_TTL_SECONDS: z.coerce.number().positive().default(100),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  MAX_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /**
   * Bytes of image memory one job may hold at its peak (converters/engine/plan-memory.ts): the decoded
   * input (pixels × channels × bytes per sample × frames, with the decoder's own copies), the
   * copies its steps make, the encoder's. Over it: 422 at submission, with what to lower. The
   * default takes a 40 MP photo through a chain of any length, and refuses a 6300×6300 12-bit RGBA
   * AVIF (317 MB decoded, which libheif holds three times while it converts its planes).
   */
  MAX_JOB_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** CPUs the container may use (the chart passes resources.limits.cpu, rounded up): ML threads follow it, not the node's cores. */
  CPU_LIMIT: z.coerce.number().int().positive().optional(),
  /** On SIGTERM: seconds to keep serving after /readyz turns 503, while the Service's endpoints update. */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  /** On SIGTERM: seconds a worker lets running jobs finish before handing them back to the queue. */
  WORKER_DRAIN_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** On SIGTERM: the process exits after this long whatever is still in flight (under the pod's grace period). */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(25),
  /**
   * Conversions one account, or one anonymous address, may start per minute (shared across API
   * replicas with REDIS_URL); an address may start twice as many for its accounts together. More answer 429.
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Jobs waiting beyond this answer 503 with Retry-After instead of queueing without bound. */
  MAX_QUEUE_DEPTH: z.coerce.number().int().positive().default(200),
  /** Bytes of uploads waiting in the queue, all clients together; more answer 503 with Retry-After. */
  MAX_QUEUE_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /**
   * Jobs one account, or one anonymous address, may have queued or running; the next is 429. An
   * address holds twice as many for its signed-in accounts together (a household behind one NAT).
   */
  MAX_JOBS_PER_CLIENT: z.coerce.number().int().positive().default(4),
  /** A job waits in the queue at most this long, then fails with 503; a longer expected wait is refused at submission. */
  MAX_QUEUE_WAIT_SECONDS: z.coerce.number().positive().default(600),
  /** A job estimated to run longer than this on the reference worker is refused with 422. */
  MAX_JOB_SECONDS: z.coerce.number().positive().default(300),
  /** A result larger than this many pixels is refused at submission with 422, as the input limit is. */
  MAX_OUTPUT_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /** An encoded result larger than this is refused with 422 rather than kept. */
  MAX_RESULT_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  /**
   * Bytes of finished results held for pickup (in memory embedded, in Redis scaled out) until
   * fetched and deleted or expired (JOB_TTL_SECONDS); while they take this much, a new job is 503,
   * and a client past a quarter of it loses its oldest uncollected results (their GET is 404).
   * 256 MiB keeps the embedded process under 1.5 GB beside its conversion thread's heap (at most 512 MiB) and PGlite.
   */
  MAX_HELD_RESULT_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /**
   * Bearer token for GET /metrics. Unset: metrics are served only by the api and worker
   * processes (on their pod ports, which the Ingress does not route), never by the web process.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Bytes of images one user may keep in the gallery; a save past it answers 507. */
  GALLERY_QUOTA_BYTES: z.coerce.number().int().positive().default(500 * 1024 * 1024),
  /** Items one user may keep in the gallery. */
  GALLERY_QUOTA_ITEMS: z.coerce.number().int().positive().default(5000),
  /** Bytes all users' galleries may hold together (what the volume or bucket can take); a save past it answers 507. */
  STORAGE_QUOTA_BYTES: z.coerce.number().int().positive().default(10 * 1024 ** 3),
  /** Saves one user may make to the gallery a minute (POST /api/gallery); more answer 429. */
  GALLERY_SAVES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** "off" removes GET /api/status (the /status page's replica list). */
  STATUS_PAGE: z.enum(["on", "off"]).default("on"),
  /** This replica's name in X-Served-By, metrics and the status page; unset, the hostname (the pod's name). */
  REPLICA_NAME: z.string().max(100).optional(),
  /**
   * The api role serves Kubernetes' external metrics API (jobs queued and running, for the workers'
   * HPA: edge-api/k8s-metrics/external.ts) over TLS on this port; unset, not at all.
   */
  EXTERNAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Its certificate and key, as tls.crt and tls.key in this folder (the chart's Secret). */
  EXTERNAL_METRICS_TLS_DIR: z.string().optional(),
  /**
   * Proxies whose X-Forwarded-For (and X-Forwarded-Host and -Proto, for the same-origin check)
   * are believed, as CIDRs or addresses separated by commas (the ingress' range). Unset: none,
   * and the client is the socket's address.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((list) => {
      try {
        proxyaddr.compile(list);
        return true;
      } catch {
        return false;
      }
    }, "a list of IP addresses or CIDRs, separated by commas"),
}).refine((env) => !env.REDIS_URL || env.DATABASE_URL, {
  // With Redis the roles are separate processes, and PGlite belongs to one process only.
  message: "REDIS_URL runs the api and worker roles as separate processes, which cannot share the embedded PGlite database: set DATABASE_URL too.",
  path: ["DATABASE_URL"],
}).refine((env) => !env.EXTERNAL_METRICS_PORT || env.EXTERNAL_METRICS_TLS_DIR, {
  // The kube-apiserver's aggregator speaks TLS only.
  message: "EXTERNAL_METRICS_PORT serves the external metrics API over TLS: set EXTERNAL_METRICS_TLS_DIR (tls.crt and tls.key) too.",
  path: ["EXTERNAL_METRICS_TLS_DIR"],
});

export type Env = z.infer<typeof schema>;

/** Every variable the app reads: the chart's ConfigMap may set these and no others (charts/config.test.ts). */
export const ENV_VARIABLES: readonly string[] = [...Object.keys(schema.shape), "PASSWORD_SCRYPT_LOG2N"];

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means unset, as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
