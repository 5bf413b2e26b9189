// What the server takes (GET /api/limits), asked once per page: the upload is fitted to it and the
// estimate refuses before Run what the server would refuse after. Offline or on an older server,
// the defaults the server ships with stand in.
import type { UploadLimits } from "../../converters/engine/input-need";
import { api } from "../jobs/api";

export interface ServerLimits extends UploadLimits {
  maxOutputPixels: number;
  maxJobSeconds: number;
  maxJobBytes: number;
}

/** edge-api/env.ts' defaults. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxUploadBytes: 5 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxOutputPixels: 40_000_000,
  maxJobSeconds: 300,
  maxJobBytes: 512 * 1024 * 1024,
};

let asked: Promise<ServerLimits> | undefined;

const isLimits = (body: unknown): body is ServerLimits =>
  typeof body === "object" && body !== null && Object.keys(DEFAULT_SERVER_LIMITS).every((k) => typeof (body as Record<string, unknown>)[k] === "number");

/** The server's limits; its defaults when it cannot be asked (and it is asked again next time). */
export function serverLimits(): Promise<ServerLimits> {
  asked ??= api
    .GET("/api/limits", { cache: "no-store" })
    .then(({ data }) => {
      // An older server may lack a limit this page knows: its defaults then.
      if (!isLimits(data)) throw new Error("no limits");
      return data;
    })
    .catch(() => {
      asked = undefined;
      return DEFAULT_SERVER_LIMITS;
    });
  return asked;
}
