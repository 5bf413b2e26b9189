// The device calibration workload (converters/engine/calibration.ts) on this machine, in Node's
// wasm-vips at the reference worker's concurrency: the figure REFERENCE_CALIBRATION_MS holds.
// npx tsx bench/calibration.ts [-- --runs 5]
import Vips from "wasm-vips";
import { calibrationMs, REFERENCE_CALIBRATION_MS } from "../converters/engine/calibration";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const vips = await Vips();
vips.concurrency(2);
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(calibrationMs(vips, () => performance.now()));
console.log(JSON.stringify({ ms: times.map((t) => Math.round(t)), reference: REFERENCE_CALIBRATION_MS }));
process.exit(0);
