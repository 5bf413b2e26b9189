"use client";
import { useEffect, useRef, useState } from "react";
import { Sparkline } from "./Sparkline";
import { HEADERS } from "../../contract/client";
import { api } from "../jobs/api";
import { ago, type ClusterStatus, type RequestLine, replicaHue, replicaState } from "./types";

const EVERY_MS = 1000;
const SAMPLES = 60;
const LOG_LINES = 12;

interface Sample {
  at: number;
  depth: number;
  finished: number;
  heldResultBytes: number;
}

/**
 * The cluster, live, in the spirit of kube-alive: every second this page asks /api/status, notes
 * which replica answered (X-Served-By), and charts the queue and the jobs finished per second.
 */
export function StatusBoard() {
  const [status, setStatus] = useState<ClusterStatus>();
  const [samples, setSamples] = useState<Sample[]>([]);
  const [log, setLog] = useState<RequestLine[]>([]);
  const [problem, setProblem] = useState<string>();
  const busy = useRef(false);

  useEffect(() => {
    const poll = async () => {
      if (busy.current || document.hidden) return;
      busy.current = true;
      const started = performance.now();
      let line: RequestLine;
      try {
        const { data: body, response: res } = await api.GET("/api/status", { cache: "no-store" });
        line = { at: Date.now(), status: res.status, servedBy: res.headers.get(HEADERS.servedBy) ?? "the load balancer", ms: 0 };
        if (body) {
          setStatus(body);
          setSamples((old) => [...old, { at: Date.now(), depth: body.queue.depth, finished: body.queue.finished, heldResultBytes: body.queue.heldResultBytes }].slice(-SAMPLES - 1));
          setProblem(undefined);
        } else {
          setProblem(`The API answered ${res.status}${res.headers.get(HEADERS.retryAfter) ? ` (retry after ${res.headers.get(HEADERS.retryAfter)} s)` : ""}; asking again.`);
        }
      } catch {
        line = { at: Date.now(), status: "network error", servedBy: "nobody", ms: 0 };
        setProblem("The API did not answer; asking again.");
      } finally {
        busy.current = false;
      }
      line.ms = Math.round(performance.now() - started);
      setLog((old) => [line, ...old].slice(0, LOG_LINES));
    };
    void poll();
    const timer = setInterval(() => void poll(), EVERY_MS);
    return () => clearInterval(timer);
  }, []);

  const depth = samples.slice(-SAMPLES).map((s) => s.depth);
  const heldMb = samples.slice(-SAMPLES).map((s) => Math.round(s.heldResultBytes / 1e5) / 10);
  // A counter that went down means the store was reset; that second counts as 0.
  const rate = samples.slice(1).map((s, i) => Math.max(0, (s.finished - samples[i]!.finished) / ((s.at - samples[i]!.at) / 1000)));

  return (
    <main className="status">
      <h2>Cluster status</h2>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <section aria-labelledby="charts">
        <h3 id="charts">Queue</h3>
        <div className="sparks">
          <Sparkline label="Queue depth" unit="jobs waiting" axisUnit={["job", "jobs"]} values={depth} capacity={SAMPLES} everySeconds={EVERY_MS / 1000} />
          <Sparkline label="Jobs per second" unit="finished/s" axisUnit={["job/s", "jobs/s"]} values={rate} capacity={SAMPLES} everySeconds={EVERY_MS / 1000} />
          <Sparkline label="Results held" unit="MB waiting to be collected" axisUnit={["MB", "MB"]} values={heldMb} capacity={SAMPLES} everySeconds={EVERY_MS / 1000} />
        </div>
      </section>
      <section aria-labelledby="replicas">
        <h3 id="replicas">Replicas</h3>
        {status ? <ReplicaTable status={status} /> : <p className="muted">Asking the cluster…</p>}
      </section>
      <section aria-labelledby="requests">
        <h3 id="requests">Who served each request</h3>
        <ol className="requests" aria-labelledby="requests">
          {log.map((l) => (
            <li key={l.at} style={{ "--hue": replicaHue(l.servedBy) } as React.CSSProperties}>
              <time dateTime={new Date(l.at).toISOString()}>{new Date(l.at).toLocaleTimeString()}</time>
              <span className="swatch" aria-hidden="true" />
              <span>GET /api/status → {l.status}</span>
              <span>
                served by <code>{l.servedBy}</code> in {l.ms} ms
              </span>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

function ReplicaTable({ status }: { status: ClusterStatus }) {
  return (
    <table className="replicas" aria-labelledby="replicas">
      <thead>
        <tr>
          <th scope="col">Replica</th>
          <th scope="col">Role</th>
          <th scope="col">Last heartbeat</th>
          <th scope="col">State</th>
          <th scope="col">Jobs now / done</th>
          <th scope="col">Node</th>
        </tr>
      </thead>
      <tbody>
        {status.replicas.map((r) => {
          const silent = status.now - r.lastSeen;
          const state = replicaState(silent, status.beatEveryMs);
          return (
            <tr key={r.id} style={{ "--hue": replicaHue(r.id) } as React.CSSProperties} aria-current={r.id === status.servedBy ? "true" : undefined}>
              <th scope="row">
                <span className="swatch" aria-hidden="true" /> <code>{r.id}</code>
              </th>
              <td>{r.role}</td>
              <td>
                <time dateTime={new Date(r.lastSeen).toISOString()}>{ago(silent)}</time>
              </td>
              <td>
                <span className={`state-dot ${state}`} aria-hidden="true" />
                {state}
              </td>
              <td>{r.role === "api" || r.role === "web" ? "–" : `${r.busy} / ${r.processed}`}</td>
              <td>{r.node ?? "–"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
