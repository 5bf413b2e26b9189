// Edge-aware refinement of a coarse mask, guided by the photo: the fast guided filter (He, Sun
// and Tang, "Guided Image Filtering", TPAMI 2013; He and Sun, "Fast Guided Filter", 2015). Near
// each pixel the refined mask is a linear function of the photo's colour, fitted to the coarse
// mask; so where the photo has an edge, the mask's edge moves onto it and sharpens. The fit is
// made on a grid a few times the network's size, and the linear coefficients are enlarged to
// the full photo and applied to its own pixels: the edge follows the full-size photo (hair,
// spokes), at the cost of a few full-size passes. Plain TypeScript: the device runs it too.

/** Mean over a (2r+1)² window, the window clipped at the borders (divided by what it covers). */
export function boxMean(src: Float32Array, width: number, height: number, r: number, out = new Float32Array(src.length)): Float32Array {
  const rows = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += src[row + x]!;
    for (let x = 0; x < width; x++) {
      const lo = x - r - 1;
      const hi = x + r;
      if (x > 0) {
        if (hi < width) sum += src[row + hi]!;
        if (lo >= 0) sum -= src[row + lo]!;
      }
      rows[row + x] = sum / (Math.min(width - 1, hi) - Math.max(0, x - r) + 1);
    }
  }
  const sums = new Float64Array(width);
  for (let y = 0; y <= Math.min(r, height - 1); y++) for (let x = 0; x < width; x++) sums[x]! += rows[y * width + x]!;
  for (let y = 0; y < height; y++) {
    const lo = y - r - 1;
    const hi = y + r;
    if (y > 0) {
      if (hi < height) for (let x = 0; x < width; x++) sums[x]! += rows[hi * width + x]!;
      if (lo >= 0) for (let x = 0; x < width; x++) sums[x]! -= rows[lo * width + x]!;
    }
    const count = Math.min(height - 1, hi) - Math.max(0, y - r) + 1;
    for (let x = 0; x < width; x++) out[y * width + x] = sums[x]! / count;
  }
  return out;
}

/** Linear coefficients a (one per colour) and b of the refined mask, on the guide's grid. */
export interface GuidedCoefficients {
  width: number;
  height: number;
  /** Planes a_r, a_g, a_b, b, each width × height. */
  planes: Float32Array;
}

/**
 * Fits mask ≈ a·colour + b in every (2r+1)² window of the guide (interleaved RGB, 0–255) and
 * averages the fits that cover each pixel. `eps` is the regulariser (colour in 0–1): smaller
 * follows weaker edges of the photo.
 */
export function guidedCoefficients(rgb: Uint8Array, mask: Float32Array, width: number, height: number, r: number, eps: number): GuidedCoefficients {
  const n = width * height;
  const box = (plane: Float32Array) => boxMean(plane, width, height, r);
  const colour = [0, 1, 2].map((c) => {
    const plane = new Float32Array(n);
    for (let i = 0; i < n; i++) plane[i] = rgb[i * 3 + c]! / 255;
    return plane;
  });
  const product = (a: Float32Array, b: Float32Array) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
    return box(out);
  };
  const meanI = colour.map(box);
  const meanP = box(mask);
  const meanIp = colour.map((plane) => product(plane, mask));
  // The colour covariance matrix's six distinct entries: rr, rg, rb, gg, gb, bb.
  const pairs = [[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]] as const;
  const meanII = pairs.map(([i, j]) => product(colour[i]!, colour[j]!));

  const a = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const mr = meanI[0]![i]!, mg = meanI[1]![i]!, mb = meanI[2]![i]!, mp = meanP[i]!;
    const rr = meanII[0]![i]! - mr * mr + eps, rg = meanII[1]![i]! - mr * mg, rb = meanII[2]![i]! - mr * mb;
    const gg = meanII[3]![i]! - mg * mg + eps, gb = meanII[4]![i]! - mg * mb, bb = meanII[5]![i]! - mb * mb + eps;
    const cr = meanIp[0]![i]! - mr * mp, cg = meanIp[1]![i]! - mg * mp, cb = meanIp[2]![i]! - mb * mp;
    // (Σ + εU)⁻¹ · cov by cofactors: the matrix is symmetric and positive definite.
    const i00 = gg * bb - gb * gb, i01 = rb * gb - rg * bb, i02 = rg * gb - rb * gg;
    const i11 = rr * bb - rb * rb, i12 = rb * rg - rr * gb, i22 = rr * gg - rg * rg;
    const det = rr * i00 + rg * i01 + rb * i02;
    const ar = (i00 * cr + i01 * cg + i02 * cb) / det;
    const ag = (i01 * cr + i11 * cg + i12 * cb) / det;
    const ab = (i02 * cr + i12 * cg + i22 * cb) / det;
    a[0]![i] = ar;
    a[1]![i] = ag;
    a[2]![i] = ab;
    b[i] = mp - ar * mr - ag * mg - ab * mb;
  }
  const planes = new Float32Array(4 * n);
  [...a, b].forEach((plane, k) => planes.set(box(plane), k * n));
  return { width, height, planes };
}

/**
 * The refined mask at the photo's full size (interleaved RGB, 0–255): the coefficients enlarged
 * bilinearly and applied to each pixel's own colour. Row by row: no full-size float planes.
 */
export function applyGuided(rgb: Uint8Array, width: number, height: number, coefficients: GuidedCoefficients): Uint8Array {
  const { width: w, height: h, planes } = coefficients;
  const n = w * h;
  const out = new Uint8Array(width * height);
  const sx = w / width;
  const sy = h / height;
  // Per column, the two source columns and the weight of the second: the same for every row.
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0[x] = Math.floor(u);
    x1[x] = Math.min(w - 1, x0[x]! + 1);
    fx[x] = u - x0[x]!;
  }
  for (let y = 0; y < height; y++) {
    const v = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(v);
    const r0 = y0 * w;
    const r1 = Math.min(h - 1, y0 + 1) * w;
    const fy = v - y0;
    for (let x = 0; x < width; x++) {
      const i00 = r0 + x0[x]!, i01 = r0 + x1[x]!, i10 = r1 + x0[x]!, i11 = r1 + x1[x]!;
      const wx = fx[x]!;
      const w00 = (1 - wx) * (1 - fy), w01 = wx * (1 - fy), w10 = (1 - wx) * fy, w11 = wx * fy;
      const p = (y * width + x) * 3;
      let q = 0;
      for (let k = 0; k < 4; k++) {
        const o = k * n;
        const coefficient = planes[o + i00]! * w00 + planes[o + i01]! * w01 + planes[o + i10]! * w10 + planes[o + i11]! * w11;
        q += k < 3 ? (coefficient * rgb[p + k]!) / 255 : coefficient;
      }
      out[y * width + x] = q <= 0 ? 0 : q >= 1 ? 255 : Math.round(q * 255);
    }
  }
  return out;
}

/** A plane enlarged or reduced bilinearly (pixel centres aligned), as the plain mask is. */
export function resizeBilinear(src: Float32Array, w: number, h: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  const sx = w / width;
  const sy = h / height;
  for (let y = 0; y < height; y++) {
    const v = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(v);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = v - y0;
    for (let x = 0; x < width; x++) {
      const u = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(u);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = u - x0;
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
