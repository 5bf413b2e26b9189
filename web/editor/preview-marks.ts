// Where a preview's time goes, on the page's performance timeline (bench/editor.ts reads it):
// "preview-request" when a change reaches the preview effect, "preview-arrived" when the worker's
// pixels are back (with its own time), "preview-painted" once they are on the canvas. Each name
// keeps its latest mark only: a slider moved all afternoon must not grow the timeline.
export type PreviewMark = "preview-request" | "preview-arrived" | "preview-painted";

export function markPreview(name: PreviewMark, detail?: Record<string, unknown>): void {
  performance.clearMarks(name);
  performance.mark(name, detail && { detail });
}
