// Jobs per second on cheap jobs (grayscale of a 2 MP image) through the local cluster, with 1
// worker process and then 2, in the same run. The machine has 2 cores, shared by everything.
//   npx tsx bench/throughput.ts [--jobs 120]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { startCluster } from "../cluster/local";

const jobsArg = process.argv.indexOf("--jobs");
const count = jobsArg > 0 ? Number(process.argv[jobsArg + 1]) : 120;
const image = await sharp(readFileSync(join(import.meta.dirname, "..", "..", "shared", "fixtures", "coffee.png"))).resize(1732, 1155).png().toBuffer();

async function measure(workers: number) {
  const cluster = await startCluster({ apis: 1, workers, port: 19_000 + workers * 400 });
  try {
    const submit = async () => {
      const body = new FormData();
      body.append("image", new Blob([new Uint8Array(image)], { type: "image/png" }), "2mp.png");
      body.append("converter", "grayscale");
      const res = await fetch(`${cluster.url}/api/conversions`, { method: "POST", body });
      return ((await res.json()) as { id: string }).id;
    };
    const done = async (id: string) => {
      for (;;) {
        const res = await fetch(`${cluster.url}/api/jobs/${id}`);
        await res.arrayBuffer();
        if (res.status === 200) return;
        if (res.status !== 202) throw new Error(`job ${id}: ${res.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await done(await submit()); // warm: threads started, wasm compiled
    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: count }, submit));
    await Promise.all(ids.map(done));
    return count / ((performance.now() - started) / 1000);
  } finally {
    await cluster.stop();
  }
}

const one = await measure(1);
const two = await measure(2);
console.log(JSON.stringify({ jobs: count, image: "1732×1155 PNG, grayscale", jobsPerSecond: { oneWorker: +one.toFixed(2), twoWorkers: +two.toFixed(2) }, ratio: +(two / one).toFixed(2) }));
