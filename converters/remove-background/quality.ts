// How close a mask is to a known one, for the quality set (test/fixtures/cutout): IoU of the
// thresholded masks, and the boundary F-measure (Martin et al., 2004; as in DAVIS): the share of
// each mask's boundary pixels that lie within `tolerance` px of the other's, combined as F.

const binary = (mask: Uint8Array) => Uint8Array.from(mask, (v) => (v >= 128 ? 1 : 0));

export function iou(mask: Uint8Array, truth: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < mask.length; i++) {
    const a = mask[i]! >= 128;
    const b = truth[i]! >= 128;
    if (a && b) both++;
    if (a || b) either++;
  }
  return either ? both / either : 1;
}

/** Pixels of a binary mask with a 4-neighbour of the other value. */
function boundary(bin: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(bin.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = bin[i]!;
      if ((x > 0 && bin[i - 1] !== v) || (x < width - 1 && bin[i + 1] !== v) || (y > 0 && bin[i - width] !== v) || (y < height - 1 && bin[i + width] !== v)) out[i] = 1;
    }
  return out;
}

/** The boundary dilated by a disc of radius `r`. */
function near(edge: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const out = new Uint8Array(edge.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (!edge[y * width + x]) continue;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const [u, v] = [x + dx, y + dy];
          if (dx * dx + dy * dy <= r * r && u >= 0 && v >= 0 && u < width && v < height) out[v * width + u] = 1;
        }
    }
  return out;
}

export function boundaryF(mask: Uint8Array, truth: Uint8Array, width: number, height: number, tolerance = 2): number {
  const a = boundary(binary(mask), width, height);
  const b = boundary(binary(truth), width, height);
  const nearA = near(a, width, height, tolerance);
  const nearB = near(b, width, height, tolerance);
  let aCount = 0, aHit = 0, bCount = 0, bHit = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]) (aCount++, nearB[i] && aHit++);
    if (b[i]) (bCount++, nearA[i] && bHit++);
  }
  const precision = aCount ? aHit / aCount : 1;
  const recall = bCount ? bHit / bCount : 1;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}
