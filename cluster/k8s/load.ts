// Clients that convert and poll through the cluster's URL, each from an address of its own (the
// ingress passes X-Forwarded-For on), counting every answer: what failed, what was only a 503
// with Retry-After (tolerated: the client waits and tries again), and which accepted jobs never
// finished (lost).
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

export function startLoad({ url, clients, image, converter = "invert", headers = {} }: { url: string; clients: number; image: Blob; converter?: string; headers?: Record<string, string> }) {
  const report: LoadReport = { requests: 0, failed: [], tolerated: 0, accepted: 0, done: 0, lost: [] };
  let stopping = false;

  async function call(what: string, path: string, init: RequestInit, from: string): Promise<Response | undefined> {
    for (;;) {
      report.requests++;
      let res: Response;
      try {
        res = await fetch(url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>), "X-Forwarded-For": from }, signal: AbortSignal.timeout(60_000) });
      } catch (error) {
        report.failed.push({ what, status: (error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message });
        await sleep(500);
        if (what === "submit") return undefined; // unknown whether it was accepted: not counted as a job
        continue; // a poll is retried: the job lives in Redis, not in the replica that answered
      }
      if (res.status === 503 && res.headers.get("retry-after") !== null) {
        report.tolerated++;
        await res.body?.cancel();
        await sleep(Math.min(2000, Number(res.headers.get("retry-after")) * 1000 || 1000));
        continue;
      }
      return res;
    }
  }

  async function client(index: number) {
    const from = `198.51.100.${index + 1}`;
    while (!stopping) {
      const form = new FormData();
      form.append("image", image, "load.png");
      form.append("converter", converter);
      const res = await call("submit", "/api/conversions", { method: "POST", body: form }, from);
      if (!res) continue;
      if (res.status !== 202) {
        report.failed.push({ what: "submit", status: res.status });
        await res.body?.cancel();
        await sleep(500);
        continue;
      }
      const { id } = (await res.json()) as { id: string };
      report.accepted++;
      await finish(id, from, 180_000);
    }
  }

  async function finish(id: string, from: string, patienceMs: number) {
    const deadline = Date.now() + patienceMs;
    while (Date.now() < deadline) {
      const res = await call("poll", `/api/jobs/${id}`, {}, from);
      if (!res) continue;
      await res.arrayBuffer();
      if (res.status === 200) {
        report.done++;
        return;
      }
      if (res.status !== 202) {
        report.failed.push({ what: "poll", status: res.status });
        report.lost.push(`${id} (${res.status})`);
        return;
      }
      await sleep(250);
    }
    report.lost.push(`${id} (unfinished)`);
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
