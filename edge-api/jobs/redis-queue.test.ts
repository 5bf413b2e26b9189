import { randomBytes } from "node:crypto";
import { jobQueueContract } from "./job-queue.contract";
import { RedisJobQueue } from "./redis-queue";

// The real Redis on this machine and CI's; each test gets its own key prefix.
const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
jobQueueContract("Redis", (options) => new RedisJobQueue(url, { ...options, prefix: `test:${randomBytes(6).toString("hex")}:` }));
