// A conversion thread for deadline.test.ts: the input "stuck" fills 300 MB and then blocks
// forever, as a runaway converter would; anything else is returned as it came.
export default function convert(task) {
  if (new TextDecoder().decode(task.input) !== "stuck") return { ok: true, data: task.input, mime: "image/png" };
  const hoard = new Uint8Array(300 * 1024 * 1024).fill(1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return { ok: true, data: hoard.subarray(0, 1), mime: "image/png" };
}
