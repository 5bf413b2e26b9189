"use client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

export interface RgbaPixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Counts of each level in R, G, B and luma (Rec. 709 weights), from pixels with any opacity (evenly sampled past `maxSamples`). */
export function histogram({ data }: RgbaPixels, maxSamples = Infinity): [number[], number[], number[], number[]] {
  const bins = [0, 1, 2, 3].map(() => new Array<number>(256).fill(0)) as [number[], number[], number[], number[]];
  const stride = 4 * Math.max(1, Math.ceil(data.length / 4 / maxSamples));
  for (let i = 0; i < data.length; i += stride) {
    if (data[i + 3] === 0) continue;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    bins[0][r]!++;
    bins[1][g]!++;
    bins[2][b]!++;
    bins[3][Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b)]!++;
  }
  return bins;
}

const COLOURS = ["rgb(220 38 38 / 0.55)", "rgb(22 163 74 / 0.55)", "rgb(37 99 235 / 0.55)"];

/** An image's pixels at 256 px wide or less: enough for its levels, cheap to count. */
function useSmallPixels(image: { url: string; width: number } | undefined): RgbaPixels | undefined {
  const [pixels, setPixels] = useState<RgbaPixels>();
  const url = image?.url;
  const width = Math.min(256, image?.width ?? 256);
  useEffect(() => {
    if (!url) return setPixels(undefined);
    let current = true;
    void (async () => {
      // Decoded once, straight at the small size: the height follows the width's scale.
      const bitmap = await createImageBitmap(await (await fetch(url)).blob(), { resizeWidth: width });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(bitmap, 0, 0);
      if (current) setPixels({ data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data, width: bitmap.width, height: bitmap.height });
      bitmap.close();
    })().catch(() => current && setPixels(undefined));
    return () => {
      current = false;
    };
  }, [url, width]);
  return pixels;
}

/** The result's levels: luma as a grey area, R, G and B as lines over it. From a preview's pixels, or an image. */
export function Histogram({ pixels: given, image }: { pixels?: RgbaPixels; image?: { url: string; width: number } }) {
  const loaded = useSmallPixels(given ? undefined : image);
  const pixels = given ?? loaded;
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!pixels) return;
    // A quarter of a million pixels tell the levels as well as all of them, in a few milliseconds.
    const bins = histogram(pixels, 250_000);
    // Scaled to the 99th-highest bin, so one spike (a white background) does not flatten the rest.
    const peak = Math.max(1, [...bins[3], ...bins[0], ...bins[1], ...bins[2]].sort((a, b) => b - a)[10]!);
    const h = canvas.height;
    const y = (n: number) => h - Math.min(1, n / peak) * (h - 2);
    ctx.fillStyle = "rgb(107 114 128 / 0.5)";
    ctx.beginPath();
    ctx.moveTo(0, h);
    bins[3].forEach((n, i) => ctx.lineTo(i, y(n)));
    ctx.lineTo(255, h);
    ctx.fill();
    bins.slice(0, 3).forEach((channel, c) => {
      ctx.strokeStyle = COLOURS[c]!;
      ctx.beginPath();
      channel.forEach((n, i) => (i ? ctx.lineTo(i, y(n)) : ctx.moveTo(i, y(n))));
      ctx.stroke();
    });
  }, [pixels]);
  return <canvas ref={ref} className="histogram" width={256} height={80} role="img" aria-label="Histogram" />;
}
