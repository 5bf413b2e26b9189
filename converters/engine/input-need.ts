// How much of a photo a chain can use, from the cost models alone: a chain whose result follows
// only part of its input's pixels (DeepDream shrinks to its longest side, a resize to a width in
// pixels) gives the same result from a photo already shrunk to that part. The page sends a server
// job no more than that (web/editor/upload.ts, converters/engine/upload-fit.ts), so a 24 MP phone photo
// becomes a 1 MP upload for a 1024 px dream.
import { costs } from "../costs.generated";
import type { PlannedStep } from "./plan";
import type { Size } from "../types";

export interface InputNeed {
  /** The input's size the chain works from: the input's own when every pixel counts. */
  size: Size;
  /** size ÷ the input's size, at most 1. */
  scale: number;
  /**
   * The steps before this index see the shrunk input (their pixel params scaled by `scale`, as a
   * preview's are); from it on, everything is as it was. Unset when nothing is shrunk.
   */
  scaledBefore?: number;
}

const whole = (input: Size): InputNeed => ({ size: input, scale: 1 });

/** The size a step makes, rounded as the pipeline rounds it (plan.ts). */
function after(step: PlannedStep, size: Size): Size {
  const next = costs[step.converter]?.outputSize?.(size, step.params as never) ?? size;
  return { width: Math.round(next.width), height: Math.round(next.height) };
}

/** Equal but for rounding: a crop's percent rounds to whole pixels at every size. */
const nearly = (a: Size, b: Size) => Math.abs(a.width - b.width) <= 1 + 0.002 * b.width && Math.abs(a.height - b.height) <= 1 + 0.002 * b.height;

/**
 * The smallest input that gives the chain's result, from the first step that works from less than
 * its input. The steps before it must follow a shrink: pixel steps whose size scales with their
 * input's (a crop in percent, a rotation; their pixel params are scaled). A heavy step that uses
 * every pixel (an upscale, a dream at its full size) looks different on fewer pixels, and a resize
 * to a fixed size does not scale: either ends the search, and every pixel counts.
 */
export function neededInput(steps: PlannedStep[], input: Size): InputNeed {
  let size = input;
  for (const [index, step] of steps.entries()) {
    const used = costs[step.converter]?.usedInput?.(size, step.params as never);
    if (used && used.width * used.height < size.width * size.height) {
      // Both sides must reach what the step uses: the larger ratio of the two.
      const scale = Math.min(1, Math.max(used.width / size.width, used.height / size.height));
      return followsShrink(steps.slice(0, index + 1), input, scale) ? { size: scaled(input, scale), scale, scaledBefore: index } : whole(input);
    }
    if (step.heavy) return whole(input);
    size = after(step, size);
  }
  return whole(input);
}

/** The input at `scale`, each side rounded up so the bounding step still has all it uses. */
export const scaled = (input: Size, scale: number): Size => ({
  width: Math.min(input.width, Math.ceil(input.width * scale - 1e-9)),
  height: Math.min(input.height, Math.ceil(input.height * scale - 1e-9)),
});

/**
 * True when the steps before the last one, run on the input shrunk by `scale`, make sizes
 * `scale` times their full-size ones, and the last (bounding) step then makes its full-size result.
 */
function followsShrink(steps: PlannedStep[], input: Size, scale: number): boolean {
  let full = input;
  let small = scaled(input, scale);
  for (const [i, step] of steps.entries()) {
    if (i === steps.length - 1) return nearly(after(step, small), after(step, full));
    if (step.heavy) return false;
    full = after(step, full);
    small = after(step, small);
    if (!nearly(small, { width: full.width * scale, height: full.height * scale })) return false;
  }
  return false;
}

/** What the server takes (GET /api/limits). */
export interface UploadLimits {
  maxUploadBytes: number;
  maxPixels: number;
}

export interface UploadPlan extends InputNeed {
  /** Why it is sent smaller than the photo: the chain uses no more, or the server takes no more pixels. */
  reason?: "chain" | "pixels";
  /** False: the photo's own bytes are sent as they are. */
  reencode: boolean;
}

/** A chain that uses nine tenths of the photo's sides or more is sent whole: a re-encode would cost more than it saves. */
const WORTH_SHRINKING = 0.9;

/** What to send for a server job: the size the chain needs, within the server's pixels; re-encoded when over its bytes. */
export function planUpload(steps: PlannedStep[], input: Size, bytes: number, limits: UploadLimits): UploadPlan {
  const need = neededInput(steps, input);
  let plan: UploadPlan = need.scale < WORTH_SHRINKING ? { ...need, reason: "chain", reencode: true } : { ...whole(input), reencode: false };
  const pixels = plan.size.width * plan.size.height;
  if (pixels > limits.maxPixels) {
    // Every step sees the smaller photo, as the editor edits a photo over its own limit.
    const scale = plan.scale * Math.sqrt(limits.maxPixels / pixels) * 0.999;
    const size = { width: Math.floor(input.width * scale), height: Math.floor(input.height * scale) };
    plan = { size, scale, scaledBefore: steps.length, reason: "pixels", reencode: true };
  }
  if (bytes > limits.maxUploadBytes) plan.reencode = true;
  return plan;
}
