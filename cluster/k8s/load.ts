// Clients that convert and poll through the cluster's URL, each from an address of its own (the
// ingress passes X-Forwarded-For on), counting every answer: what failed, what was only a 503
// with Retry-After (tolerated: the client waits and tries again), and which accepted jobs never
// finished (lost).
import { ApiProblem, apiClient, pollJob, submitJob } from "../../contract/client";

export interface LoadReport {
  requests: number;
  /** Answers that are neither success nor a 503 with Retry-After, and network errors. */
  failed: { what: string; status: number | string }[];
  /** 503 + Retry-After answers: the client waited and retried. */
  tolerated: number;
  accepted: number;
  done: number;
  /** Accepted jobs that ended in 404 or a failure, or had not finished when the wait ran out. */
  lost: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startLoad({ url, clients, image, converter = "invert", params, headers = {}, firstAddress = 1 }: { url: string; clients: number; image: Blob; converter?: string; params?: Record<string, unknown>; headers?: Record<string, string>; firstAddress?: number }) {
  const report: LoadReport = { requests: 0, failed: [], tolerated: 0, accepted: 0, done: 0, lost: [] };
  let stopping = false;

  // Every request is counted here, under the contract's client: a 503 with Retry-After is waited
  // out and sent again (tolerated); a network error fails a submit (unknown whether it was
  // accepted: not counted as a job) and is retried for a poll (the job lives in Redis, not in
  // the replica that answered).
  const counted = async (request: Request): Promise<Response> => {
    const what = request.method === "POST" ? "submit" : "poll";
    for (;;) {
      report.requests++;
      let res: Response;
      try {
        res = await fetch(request.clone(), { signal: AbortSignal.timeout(60_000) });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        report.failed.push({ what, status: cause });
        await sleep(500);
        if (what === "submit") throw error;
        continue;
      }
      // A gateway error on a poll is the ingress failing to reach a pod (one that died, on a lost
      // node): a failed request, counted, and the job is asked after again, as the app's own
      // client does; it lives in Redis, not in the pod that went away.
      if (what === "poll" && (res.status === 502 || res.status === 504)) {
        report.failed.push({ what, status: res.status });
        await res.body?.cancel();
        await sleep(500);
        continue;
      }
      if (res.status === 503 && res.headers.get("retry-after") !== null) {
        report.tolerated++;
        await res.body?.cancel();
        await sleep(Math.min(2000, Number(res.headers.get("retry-after")) * 1000 || 1000));
        continue;
      }
      return res;
    }
  };
  const api = apiClient({ baseUrl: url, headers, fetch: counted });

  async function client(index: number) {
    const from = { "X-Forwarded-For": `198.51.100.${index + firstAddress}` };
    while (!stopping) {
      const submitted = await submitJob(api, { image, fileName: "load.png", steps: [{ converter, ...(params && { params }) }] }, { headers: from }).catch(() => undefined);
      if (!submitted) continue;
      if ("refused" in submitted) {
        report.failed.push({ what: "submit", status: submitted.refused.status });
        await sleep(500);
        continue;
      }
      report.accepted++;
      await finish(submitted.job.id, from, 180_000);
    }
  }

  async function finish(id: string, from: Record<string, string>, patienceMs: number) {
    try {
      await pollJob(api, id, { headers: from, maxIntervalMs: 250, timeoutMs: patienceMs });
      report.done++;
    } catch (error) {
      if (!(error instanceof ApiProblem)) return void report.lost.push(`${id} (unfinished)`);
      report.failed.push({ what: "poll", status: error.status });
      report.lost.push(`${id} (${error.status})`);
    }
  }

  const running = Array.from({ length: clients }, (_, i) => client(i));
  return {
    report,
    async stop(): Promise<LoadReport> {
      stopping = true;
      await Promise.all(running);
      return report;
    },
  };
}

/** The failures as "status × count" for a line of output. */
export function summarize(failed: LoadReport["failed"]): string {
  const counts = new Map<string, number>();
  for (const f of failed) counts.set(`${f.what} ${f.status}`, (counts.get(`${f.what} ${f.status}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(", ") || "none";
}
