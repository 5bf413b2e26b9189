// "Make it at most 200 KB": the highest quality whose output fits. Each full-size encode of a
// 12 MP photo costs from half a second (JPEG) to seconds (AVIF), so the guesses come from a
// small copy of the photo, where an encode is some twenty times cheaper: its size curve times
// the measured ratio of full to small says where to try next. After the first full encode that
// ratio is the photo's own, so most searches end on the first or second full encode, not the
// seven of a plain bisection over 1–100.
import { encode, type Encoded } from "./encode";
import { type ExportSettings } from "./encoder-options";
import type { VipsImage } from "./types";

export interface TargetResult extends Encoded {
  /** The quality chosen: the highest tried whose output fits, or 1 when none does. */
  quality: number;
  /** False when even quality 1 is over the target: `data` is then the smallest there is. */
  fits: boolean;
  /** Full-size encodes, and encodes of the small copy that chose where to try. */
  encodes: number;
  sampleEncodes: number;
}

/** A result this close under the target is good enough: the next quality up would rarely fit. */
const CLOSE_ENOUGH = 0.9;
/** Where the search aims, inside [CLOSE_ENOUGH, 1] of the target, so a guess a little off still fits. */
const AIM = 0.95;
/** Pixels in the small copy. Photos up to four times this are searched at full size. */
const SAMPLE_PIXELS = 400_000;
/** Full-size encodes after which the guesses stop trusting the small copy and bisect. */
const GUIDED_TRIES = 3;

interface Probe extends Encoded {
  quality: number;
  bytes: number;
}

/** Encodes at a quality once; asking again returns the same probe. */
function prober(image: VipsImage, settings: ExportSettings) {
  const probes = new Map<number, Probe>();
  return {
    probes,
    at(quality: number): Probe {
      let probe = probes.get(quality);
      if (!probe) {
        const out = encode(image, { ...settings, quality });
        probe = { ...out, quality, bytes: out.data.byteLength };
        probes.set(quality, probe);
      }
      return probe;
    },
  };
}
type Prober = ReturnType<typeof prober>;

/** Encodes `image` at the highest quality whose output is at most `targetBytes`. */
export function encodeToTarget(source: VipsImage, settings: ExportSettings, targetBytes: number): TargetResult {
  // Rendered once: the steps before it are a lazy graph, and a streamed (sequential) input could
  // not be read a second time.
  const image = source.copyMemory();
  const full = prober(image, settings);
  const pixels = image.width * image.height;
  const f = Math.sqrt(SAMPLE_PIXELS / pixels);
  const sample = f < 0.5 ? prober(image.resize(f).copyMemory(), settings) : undefined;
  // Full bytes per small-copy byte: the pixel ratio to start with, then measured.
  let ratio = 1 / (f * f);
  const goal = targetBytes * AIM;
  let low = 1;
  let high = 100;
  let best: Probe | undefined;
  let over: Probe | undefined;
  let q = sample ? highestUnder(sample, goal / ratio, low, high) : settings.quality;
  for (;;) {
    const probe = full.at(q);
    if (probe.bytes <= targetBytes) {
      if (!best || q > best.quality) best = probe;
      if (probe.bytes >= targetBytes * CLOSE_ENOUGH || q === 100) break;
      low = q + 1;
    } else {
      if (!over || q < over.quality) over = probe;
      if (q === 1) break;
      high = q - 1;
    }
    if (low > high) break;
    if (sample && full.probes.size < GUIDED_TRIES) {
      ratio = probe.bytes / sample.at(q).bytes;
      q = highestUnder(sample, goal / ratio, low, high);
    } else {
      q = between(best, over, goal, low, high);
    }
  }
  const chosen = best ?? over!;
  return { data: chosen.data, mime: chosen.mime, quality: chosen.quality, fits: !!best, encodes: full.probes.size, sampleEncodes: sample?.probes.size ?? 0 };
}

/** The highest quality in [low, high] whose size is at most `bytes`, by bisection (low if none). */
function highestUnder(p: Prober, bytes: number, low: number, high: number): number {
  let lo = low;
  let hi = high;
  if (p.at(lo).bytes > bytes) return lo;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (p.at(mid).bytes <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The next full-size try inside [low, high]: where log(size) crosses the goal between the two
 * nearest probes, or the middle when that lands on an end of a wide bracket (sizes jump where
 * libvips switches chroma subsampling at quality 90, and AVIF's steps are coarse).
 */
function between(best: Probe | undefined, over: Probe | undefined, goal: number, low: number, high: number): number {
  const middle = Math.round((low + high) / 2);
  if (!best || !over) return middle;
  const [a, b] = [Math.log(best.bytes), Math.log(over.bytes)];
  const q = b > a ? Math.round(best.quality + ((Math.log(goal) - a) / (b - a)) * (over.quality - best.quality)) : middle;
  const clamped = Math.min(high, Math.max(low, q));
  return high - low >= 3 && (clamped === low || clamped === high) ? middle : clamped;
}
