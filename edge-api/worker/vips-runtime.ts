// wasm-vips in a conversion thread, watched: a thread whose runtime failed (an abort, a trap, a
// malloc that could not be served) is retired rather than handed the next job, since after such a
// failure every later conversion in it fails too ("unwind", "unreachable", or a valid photo
// reported as damaged), and one whose heap grew past a bound is retired to give the memory back:
// a wasm heap never shrinks, so a thread that once held 1.5 GB would hold it for good.
import Vips from "wasm-vips";
import { errorText } from "../../converters/engine/errors";
import type { VipsModule } from "../../converters/types";
import { queueHandles } from "../../converters/engine/vips-handles";

/** A thread whose heap is over this after a task is retired (unless its pool says otherwise); its next job starts on a fresh one. */
export const RETIRE_HEAP_BYTES = 512 * 1024 * 1024;

// What the runtime says when it is broken for good: emscripten's abort ("Aborted(…)", thrown as a
// WebAssembly.RuntimeError), a trap, or the "unwind" a dead pthread leaves behind.
const RUNTIME_FAILURE = /Aborted\(|unreachable|unwind|memory access out of bounds|RuntimeError|table index is out of bounds|call stack|divide by zero|null function/i;

let loading: Promise<VipsModule> | undefined;
let heap: WebAssembly.Memory | undefined;
let aborted = false;

/** wasm-vips for this thread, loaded once; its heap is captured so its size can be read. */
export function loadVips(): Promise<VipsModule> {
  loading ??= (async () => {
    // The module makes its heap itself and keeps it private; a constructor that notes the first
    // Memory made, for the time of the load only, is the one way to see how large it has grown.
    const Memory = WebAssembly.Memory;
    (WebAssembly as { Memory: unknown }).Memory = new Proxy(Memory, {
      construct(target, args: [WebAssembly.MemoryDescriptor]) {
        const memory = Reflect.construct(target, args) as WebAssembly.Memory;
        heap ??= memory;
        return memory;
      },
    });
    try {
      const vips = await Vips({ dynamicLibraries: ["vips-heif.wasm"], onAbort: () => (aborted = true) } as Parameters<typeof Vips>[0]);
      // One thread per conversion: the pool runs WORKER_CONCURRENCY of them side by side.
      vips.concurrency(1);
      // No operation cache: jobs share nothing, and a cached operation keeps a stranger's pixels alive.
      vips.Cache.max(0);
      return queueHandles(vips);
    } finally {
      (WebAssembly as { Memory: unknown }).Memory = Memory;
    }
  })();
  return loading;
}

/** Bytes of the wasm heap (0 before the first load). */
export function heapBytes(): number {
  return heap?.buffer.byteLength ?? 0;
}

/** True when an error says the runtime itself is broken, not the input. */
export function isRuntimeFailure(error: unknown): boolean {
  return aborted || error instanceof WebAssembly.RuntimeError || RUNTIME_FAILURE.test(errorText(error));
}

/** Why this thread must not take another task, if it must not. */
export function retireReason(maxHeapBytes = RETIRE_HEAP_BYTES): string | undefined {
  if (aborted) return "its runtime aborted";
  const bytes = heapBytes();
  if (bytes > maxHeapBytes) return `its heap grew to ${Math.round(bytes / 1024 / 1024)} MiB`;
  return undefined;
}
