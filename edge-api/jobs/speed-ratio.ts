/**
 * Measured run time over estimated, weighted by job size and decaying, so a few recent large
 * jobs count more than many old small ones. The queue's expected wait is its estimated work
 * times this ratio, shared among the worker slots.
 */
export class SpeedRatio {
  private estimated = 0;
  private measured = 0;

  add(estimatedSeconds: number | undefined, measuredSeconds: number | undefined) {
    if (!estimatedSeconds || measuredSeconds === undefined) return;
    this.estimated = this.estimated * DECAY + estimatedSeconds;
    this.measured = this.measured * DECAY + measuredSeconds;
  }

  get ratio() {
    return this.estimated > 0 ? this.measured / this.estimated : 1;
  }
}

/** Per job: the weight of what was measured 50 jobs ago is about 8 %. */
export const DECAY = 0.95;
