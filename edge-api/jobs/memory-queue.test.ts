import { jobQueueContract } from "./job-queue.contract";
import { MemoryJobQueue } from "./memory-queue";

jobQueueContract("in-process", (options) => new MemoryJobQueue(options));
