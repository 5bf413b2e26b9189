// What a request says to run: `steps` (a JSON array of { converter, params }), or the older
// single `converter` and `params` fields, or, for the gallery, ids joined by commas with one
// params object per id. Every form becomes the same checked list, params with their defaults.
import { findMeta } from "../converters/registry";

export interface ChainStep {
  converter: string;
  params: Record<string, unknown>;
}

/** A chain longer than this is refused: no editor builds one, and each step costs a pass. */
export const MAX_STEPS = 20;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function json(raw: string, what: string): { value: unknown } | string {
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return `${what} must be JSON.`;
  }
}

/** Each step's converter known and its params valid; a person's words for the first that is not. `attached`: the files sent with the job besides its image. */
export function checkSteps(list: unknown, attached: ReadonlySet<string> = new Set()): ChainStep[] | string {
  // An empty chain is an export alone: the image re-encoded with the request's format, quality,
  // metadata, encoder options or target size.
  if (!Array.isArray(list)) return "steps must be a JSON array of { converter, params }.";
  if (list.length > MAX_STEPS) return `A chain has at most ${MAX_STEPS} steps.`;
  const steps: ChainStep[] = [];
  for (const [i, step] of list.entries()) {
    if (!isObject(step) || typeof step.converter !== "string") return `steps[${i}] must be an object with a converter id.`;
    const meta = findMeta(step.converter);
    if (!meta) return `No converter is called "${step.converter.slice(0, 60)}"; see /api/converters.`;
    let raw = step.params ?? {};
    // A step that can read a sent file reads it unless its params name something else.
    const reads = meta.attachment;
    if (reads && attached.has(reads.field) && isObject(raw) && raw[reads.param] === undefined) raw = { ...raw, [reads.param]: reads.value };
    const parsed = isObject(raw) ? meta.params.safeParse(raw) : undefined;
    if (!parsed?.success) {
      const issue = parsed?.error.issues[0];
      return `${meta.name}: ${issue ? `${issue.path.join(".") || "params"}: ${issue.message}` : "params must be a JSON object"}.`;
    }
    steps.push({ converter: meta.id, params: parsed.data as Record<string, unknown> });
  }
  return steps;
}

/**
 * The steps of a form: `steps` if given, else `converter` (one id, or ids joined by commas) with
 * `params` (an object, or an array of one object per id).
 */
export function stepsOfForm(form: { steps?: unknown; converter?: unknown; params?: unknown }, attached: ReadonlySet<string> = new Set()): ChainStep[] | string {
  if (typeof form.steps === "string" && form.steps !== "") {
    const parsed = json(form.steps, "steps");
    return typeof parsed === "string" ? parsed : checkSteps(parsed.value, attached);
  }
  if (typeof form.converter !== "string" || form.converter === "") return "Send steps (a JSON array of { converter, params }), or a converter id.";
  const ids = form.converter.split(",");
  if (ids.length > MAX_STEPS) return `A chain has at most ${MAX_STEPS} steps.`;
  const raw = typeof form.params === "string" && form.params !== "" ? json(form.params, "params") : { value: ids.length > 1 ? ids.map(() => ({})) : {} };
  if (typeof raw === "string") return raw;
  const params = ids.length > 1 ? raw.value : [raw.value];
  if (!Array.isArray(params) || params.length !== ids.length) return "For a chain, params is an array with one object per step.";
  if (ids.length === 1 && !isObject(params[0])) return "params must be a JSON object.";
  return checkSteps(
    ids.map((converter, i) => ({ converter, params: params[i] })),
    attached,
  );
}

/** "upscale,grayscale": the chain's label, for lists, metrics and file names. */
export const chainLabel = (steps: ChainStep[]) => steps.map((s) => s.converter).join(",") || "export";

/** Which of the steps read a sent file `field`, by their params. */
export function readsAttachment(steps: ChainStep[], field: string): boolean {
  return steps.some((step) => {
    const reads = findMeta(step.converter)?.attachment;
    return reads?.field === field && step.params[reads.param] === reads.value;
  });
}
