import { type ConverterDescription, describeConverter } from "./describe";
import { metas } from "./metas.generated";
import type { ConverterMeta } from "./types";

export { metas };
export { type ConverterDescription, describeConverter };

const byId = new Map<string, ConverterMeta>(metas.map((m) => [m.id, m as ConverterMeta]));

export function findMeta(id: string): ConverterMeta | undefined {
  return byId.get(id);
}

export function describeAll(): ConverterDescription[] {
  return metas.map((m) => describeConverter(m as ConverterMeta));
}
