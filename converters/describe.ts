// A converter's description for the API and the page: its JSON Schema and defaults. Apart from
// registry.ts (which re-exports it) so that scripts/registry-files.ts can describe the metas it
// imports from the folders without going through metas.generated.ts, which it is about to write.
import { z } from "zod";
import type { ConverterMeta, RunsOn } from "./types";

export interface ConverterDescription {
  id: string;
  name: string;
  description: string;
  runsOn: RunsOn;
  /** Set for a server converter that can also run on the device. */
  onDevice?: boolean;
  /** Its long-side cap there, if it has one. */
  deviceMaxSide?: number;
  /** JSON Schema (draft 2020-12) of the accepted params object. */
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
  /** The editor's values for a new step (`ConverterMeta.initial`): in the page's JSON only, not in the API's list. */
  initial?: Record<string, unknown>;
  /** The editor's hooks from the meta (`ConverterMeta.overlay`, `aspectPair`, `frame`): in the page's JSON only. */
  overlay?: ConverterMeta["overlay"];
  aspectPair?: readonly [string, string];
  frame?: ConverterMeta["frame"];
  attachment?: ConverterMeta["attachment"];
}

export function describeConverter(meta: ConverterMeta): ConverterDescription {
  return {
    id: meta.id,
    name: meta.name,
    description: meta.description,
    runsOn: meta.runsOn,
    ...((meta.onDevice || meta.deviceMaxSide) && { onDevice: true }),
    ...(meta.deviceMaxSide && { deviceMaxSide: meta.deviceMaxSide }),
    // "input" so fields with defaults are optional, as a caller may omit them.
    params: z.toJSONSchema(meta.params, { io: "input" }) as Record<string, unknown>,
    defaults: meta.params.parse({}) as Record<string, unknown>,
  };
}

/** The page's description: the API's, plus the editor's values for a new step. */
export function describeForEditor(meta: ConverterMeta): ConverterDescription {
  return {
    ...describeConverter(meta),
    ...(meta.initial && { initial: { ...meta.initial } }),
    ...(meta.overlay && { overlay: meta.overlay }),
    ...(meta.aspectPair && { aspectPair: meta.aspectPair }),
    ...(meta.frame && { frame: meta.frame }),
    ...(meta.attachment && { attachment: meta.attachment }),
  };
}

/** A param's JSON Schema, as a page reads it: its words and bounds. */
export interface ParamSchema {
  title?: string;
  description?: string;
  type?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  enum?: unknown[];
}

/** A description's params by name (its JSON Schema's properties). */
export const paramSchemas = (d: Pick<ConverterDescription, "params">): Record<string, ParamSchema> => (d.params.properties ?? {}) as Record<string, ParamSchema>;
