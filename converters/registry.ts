import { z } from "zod";
import { metas } from "./metas.generated";
import type { ConverterMeta, RunsOn } from "./types";

export { metas };

export interface ConverterDescription {
  id: string;
  name: string;
  description: string;
  runsOn: RunsOn;
  /** Set for a server converter that can also run on the device: its long-side cap there. */
  deviceMaxSide?: number;
  /** JSON Schema (draft 2020-12) of the accepted params object. */
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

const byId = new Map<string, ConverterMeta>(metas.map((m) => [m.id, m as ConverterMeta]));

export function findMeta(id: string): ConverterMeta | undefined {
  return byId.get(id);
}

export function describeConverter(meta: ConverterMeta): ConverterDescription {
  return {
    id: meta.id,
    name: meta.name,
    description: meta.description,
    runsOn: meta.runsOn,
    ...(meta.deviceMaxSide && { deviceMaxSide: meta.deviceMaxSide }),
    // "input" so fields with defaults are optional, as a caller may omit them.
    params: z.toJSONSchema(meta.params, { io: "input" }) as Record<string, unknown>,
    defaults: meta.params.parse({}) as Record<string, unknown>,
  };
}

export function describeAll(): ConverterDescription[] {
  return metas.map((m) => describeConverter(m as ConverterMeta));
}
