import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { JobQueue } from "../jobs/types";
import { REPLICA } from "../metrics";
import { problem } from "../problem";
import type { ReplicaRegistry } from "../replicas";
import { BEAT_EVERY_MS } from "../replicas/heartbeat";
import { problemResponse } from "../../contract/schemas";
import { HEADERS } from "../../contract/headers";

const Replica = z
  .object({
    id: z.string().openapi({ example: "api-7d9f-x2k:1" }),
    role: z.enum(["embedded", "web", "api", "worker"]),
    startedAt: z.number().int(),
    lastSeen: z.number().int().openapi({ description: "Its last heartbeat, ms since the epoch on the registry's clock" }),
    busy: z.number().int().openapi({ description: "Jobs converting now" }),
    processed: z.number().int().openapi({ description: "Jobs it has finished since it started" }),
    node: z.string().optional().openapi({ description: "The node it runs on (its NODE_NAME; in a cluster, the Kubernetes node)", example: "node2" }),
  })
  .openapi("Replica");

const ClusterStatus = z
  .object({
    servedBy: z.string().openapi({ description: "The replica that answered (also the X-Served-By header)" }),
    now: z.number().int().openapi({ description: "The registry's clock, to compare lastSeen with" }),
    beatEveryMs: z.number().int(),
    queue: z.object({
      depth: z.number().int(),
      finished: z.number().int().openapi({ description: "Jobs ended done or failed so far: its rate is jobs per second" }),
      heldResultBytes: z.number().int().openapi({ description: "Bytes of finished results waiting to be collected (MAX_HELD_RESULT_BYTES bounds them)" }),
    }),
    replicas: z.array(Replica),
  })
  .openapi("ClusterStatus");

const status = createRoute({
  method: "get",
  path: "/status",
  summary: "The replicas with their last heartbeat, the queue depth and a finished-jobs counter (the /status page)",
  responses: {
    200: { description: "The cluster as this replica sees it", content: { "application/json": { schema: ClusterStatus } } },
    503: problemResponse("The queue or the registry is unreachable"),
  },
});

export function statusRoutes({ queue, replicas }: { queue: JobQueue; replicas: ReplicaRegistry }) {
  return new OpenAPIHono().openapi(status, async (c) => {
    c.header("Cache-Control", "no-store");
    try {
      const [list, stats, finished] = await Promise.all([replicas.list(), queue.stats(), queue.finished()]);
      const queueStatus = { depth: stats.depth, finished, heldResultBytes: stats.heldResultBytes };
      return c.json({ servedBy: REPLICA, now: list.now, beatEveryMs: BEAT_EVERY_MS, queue: queueStatus, replicas: list.replicas }, 200);
    } catch {
      return problem(c, 503, "Status unavailable", "The job queue cannot be reached; retry shortly.", { [HEADERS.retryAfter]: "2" });
    }
  });
}
