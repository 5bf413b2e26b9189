// A conversion thread for retire.test.ts, speaking convert-thread.ts' protocol: the input "oom"
// or "crash" hands its outcome over the port and never returns, as a thread whose runtime broke
// does; "die" ends the thread outright; anything else answers with the thread's id, so a test
// can tell a fresh thread from a reused one.
import { threadId } from "node:worker_threads";

export default function convert(task) {
  const kind = new TextDecoder().decode(task.input);
  if (kind === "oom" || kind === "crash") {
    const outcome =
      kind === "oom"
        ? { ok: false, code: "out-of-memory", message: "The image is too large for this server's memory with these steps." }
        : { ok: false, code: "crashed", message: "The converter stopped with an internal error on this image and was restarted." };
    task.port.postMessage({ outcome, reason: kind });
    return new Promise(() => {});
  }
  if (kind === "die") process.exit(1);
  task.port.close();
  return { ok: true, data: new TextEncoder().encode(String(threadId)), mime: "text/plain" };
}

export const thumbnail = convert;
