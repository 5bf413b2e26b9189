// A chain of pixel steps (and heavy ones) on one image, as every runner applies them: the server
// pipeline, the heavy pipeline, and the editor's preview and full render. libvips builds one lazy
// graph, which streams a chain of cheap steps in tiles; but a step that reads its input more than
// once (a blur's overlapping neighbourhoods, a histogram pass before the mapping) makes libvips
// compute everything before it again for each read, so in a graph of such steps the cost
// multiplies (8 sharpens at σ 20 on 4 MP: 275 s lazily, 14 s with each input made once, and the
// memory of every level's buffers at once). Such a step gets its input made once, in memory.
import { carryMetadata } from "./metadata";
import type { ConverterMeta, VipsImage, VipsModule } from "../types";
import { handleMark, keepOnly } from "./vips-handles";

export interface ChainSource {
  /** True when the image streams from a sequential decode, which cannot be read twice. */
  streamed: boolean;
  /** Handles made since this mark are freed at each copy (the decode's, too, when taken before it). */
  mark?: number;
}

export class Chain {
  /** Some step has run since the image was last in memory: reading it again recomputes them. */
  private computed = false;
  private streamed: boolean;
  private readonly mark: number;
  /** Copies made so far: what the memory plan counts (converters/engine/plan.ts). */
  copies = 0;

  constructor(
    private readonly vips: VipsModule,
    public image: VipsImage,
    source: ChainSource,
  ) {
    this.streamed = source.streamed;
    this.mark = source.mark ?? handleMark(vips);
  }

  /** A pixel step; its input is made once first if the step would read it twice. */
  pixel<P>(meta: Pick<ConverterMeta, "rereads">, run: (vips: VipsModule, image: VipsImage, params: P) => VipsImage, params: P): void {
    this.prepare(meta.rereads);
    const out = run(this.vips, this.image, params);
    if (out !== this.image) {
      this.image = out;
      this.computed = true;
    }
  }

  /**
   * A heavy step: it reads its input whole, so whatever is computed before it is made once first.
   * Its result is made from raw pixels, so it takes its input's metadata, as a light step's does.
   */
  async heavy(run: (image: VipsImage) => Promise<VipsImage>): Promise<void> {
    this.prepare("whole");
    const input = this.image;
    this.image = carryMetadata(input, await run(input));
    this.computed = true;
  }

  private prepare(rereads: ConverterMeta["rereads"]): void {
    const needed = rereads === "whole" ? this.computed || this.streamed : rereads === "neighbourhood" && this.computed;
    if (!needed) return;
    this.image = keepOnly(this.vips, this.mark, this.image.copyMemory());
    this.copies++;
    this.computed = false;
    this.streamed = false;
  }
}
