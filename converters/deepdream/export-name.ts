import { DREAM_LAYERS } from "./layers";

/** The trunk file's model name in the manifest (export.ts writes it; the device asks for it). */
export const TRUNK_MODEL = `inception-v3-to-${DREAM_LAYERS.at(-1)}`;
