// "Make it at most 200 KB": the highest quality whose output fits. Each full-size encode of a
// 12 MP photo costs from a fifth of a second (JPEG) to seconds (AVIF), so the guesses come from
// a mosaic of nine full-resolution tiles of the photo (0.4 MP), where an encode is thirty times
// cheaper: its size curve, scaled by area and then corrected by each full-size encode, says where
// to try next. On 12 MP that takes two full encodes where a plain bisection over 1–100 takes
// six or seven (npm run bench:encoders).
import { encode, type Encoded } from "./encode";
import { type ExportSettings } from "./encoder-options";
import type { VipsImage } from "../types";

export interface TargetResult extends Encoded {
  /** The quality chosen: the highest tried whose output fits, or 1 when none does. */
  quality: number;
  /** False when even quality 1 is over the target: `data` is then the smallest there is. */
  fits: boolean;
  /** Full-size encodes, and encodes of the mosaic that chose where to try. */
  encodes: number;
  sampleEncodes: number;
}

/** A result this close under the target is good enough: the next quality up would rarely fit. */
const CLOSE_ENOUGH = 0.9;
/** Where the search aims, inside [CLOSE_ENOUGH, 1] of the target, so a guess a little off still fits. */
const AIM = 0.95;
/** Pixels in the mosaic. Photos up to four times this are searched at full size alone. */
const SAMPLE_PIXELS = 400_000;

const DROPPED = new Uint8Array(0);

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
  const tiles = pixels > SAMPLE_PIXELS * 4 ? mosaic(image, SAMPLE_PIXELS) : undefined;
  const sample = tiles && prober(tiles, settings);
  const goal = targetBytes * AIM;
  let low = 1;
  let high = 100;
  let best: Probe | undefined;
  let over: Probe | undefined;
  // The first guess: the mosaic's bytes scaled by area.
  let q = sample ? highestUnder((quality) => (sample.at(quality).bytes * pixels) / (tiles!.width * tiles!.height), goal, low, high) : settings.quality;
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
    // Only the two files that can be the answer are kept: on 40 MP each one is tens of megabytes.
    for (const p of full.probes.values()) if (p !== best && p !== over) p.data = DROPPED;
    if (low > high) break;
    const guided = sample && highestUnder(predictor(sample, [best, over, probe]), goal, low, high);
    q = guided && !full.probes.has(guided) ? guided : between(best, over, goal, low, high);
  }
  const chosen = best ?? over!;
  return { data: chosen.data, mime: chosen.mime, quality: chosen.quality, fits: !!best, encodes: full.probes.size, sampleEncodes: sample?.probes.size ?? 0 };
}

/**
 * Tiles from a 3×3 grid across the photo, at full resolution, joined into one small image: its
 * bytes per pixel are the photo's (a shrunk copy averages grain and detail away), and nine places
 * stand for a photo better than one.
 */
function mosaic(image: VipsImage, pixels: number): VipsImage {
  const side = Math.floor(Math.sqrt(pixels / 9));
  let out: VipsImage | undefined;
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const left = Math.round(((image.width - side) * (col + 0.5)) / 3);
      const top = Math.round(((image.height - side) * (row + 0.5)) / 3);
      const tile = image.crop(left, top, side, side);
      out = out ? out.insert(tile, col * side, row * side) : tile.embed(0, 0, side * 3, side * 3);
    }
  }
  return out!.copyMemory();
}

/** The highest quality in [low, high] whose predicted size is at most `bytes`, by bisection (low if none). */
function highestUnder(size: (quality: number) => number, bytes: number, low: number, high: number): number {
  let lo = low;
  let hi = high;
  if (size(lo) > bytes) return lo;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(mid) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The full-size bytes at a quality, predicted from the mosaic's bytes times a ratio fitted to the
 * full-size probes: log-linear in quality through two of them, since the ratio drifts (the
 * mosaic's seams, and detail it missed, weigh differently at different qualities), constant
 * through one.
 */
function predictor(sample: Prober, probes: (Probe | undefined)[]): (quality: number) => number {
  const known = [...new Map(probes.filter((p): p is Probe => !!p).map((p) => [p.quality, p])).values()].slice(0, 2);
  const logRatio = known.map((p) => Math.log(p.bytes / sample.at(p.quality).bytes));
  const [a, b] = known;
  const slope = b ? (logRatio[1]! - logRatio[0]!) / (b.quality - a!.quality) : 0;
  return (quality) => sample.at(quality).bytes * Math.exp(logRatio[0]! + slope * (quality - a!.quality));
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
