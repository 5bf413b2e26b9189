"use client";
import { useEffect, useRef, useState } from "react";
import type { BrushMode, BrushStroke } from "./stage/BrushOverlay";

export interface Brush {
  on: boolean;
  mode: BrushMode;
  /** Diameter, as a share of the photo's longer side. */
  size: number;
}

export const DEFAULT_BRUSH: Brush = { on: false, mode: "erase", size: 0.04 };

export function useBrush() {
  return useState<Brush>(DEFAULT_BRUSH);
}

/**
 * Remove background's touch-up: a brush on the photo that keeps what the network missed or
 * erases what it kept. Each stroke is a param of the step, so Undo takes back one stroke, and the
 * strokes replay in a server job, in the gallery and after a reload.
 */
export function TouchUp({ brush, onBrush, strokes, onStrokes }: { brush: Brush; onBrush: (brush: Brush) => void; strokes: BrushStroke[]; onStrokes: (strokes: BrushStroke[]) => void }) {
  const percent = Math.round(brush.size * 1000) / 10;
  return (
    <fieldset className="param touch-up">
      <legend>Touch up</legend>
      <button type="button" aria-pressed={brush.on} onClick={() => onBrush({ ...brush, on: !brush.on })}>
        {brush.on ? "Done touching up" : "Touch up with a brush"}
      </button>
      <fieldset className="modes">
        <legend>Brush</legend>
        {(["keep", "erase"] as const).map((mode) => (
          <label key={mode}>
            <input type="radio" name="brush-mode" checked={brush.mode === mode} onChange={() => onBrush({ ...brush, mode, on: true })} />
            {mode === "keep" ? "Keep" : "Erase"}
          </label>
        ))}
      </fieldset>
      <div className="param">
        <label htmlFor="brush-size">Brush size (% of the photo)</label>
        <input id="brush-size" type="range" min={0.5} max={25} step={0.5} value={percent} onChange={(e) => onBrush({ ...brush, size: Number(e.target.value) / 100 })} />
      </div>
      <p className="muted" role="status">
        {strokes.length === 0 ? "No strokes yet." : `${strokes.length} ${strokes.length === 1 ? "stroke" : "strokes"}.`}
        {brush.on && " Draw on the photo."}
      </p>
      <button type="button" disabled={strokes.length === 0} onClick={() => onStrokes(strokes.slice(0, -1))}>
        Undo stroke
      </button>
    </fieldset>
  );
}

/** The key without any step's touch-up strokes: what must stay the same for a re-run without asking. */
const withoutStrokes = (key: string) => JSON.stringify(JSON.parse(key, (name, value: unknown) => (name === "strokes" ? undefined : value)));

/**
 * A change of the touch-up strokes alone (a stroke, Undo stroke, Undo) re-runs the step at once if
 * it had been run, where it ran: the network's map is kept (converters/remove-background/cutout.ts),
 * so only the refinement and the strokes run again. Any other change still waits for Run.
 */
export function useRerunOnStrokes(heavyKey: string | undefined, approved: string | undefined, approve: (key: string) => void) {
  const last = useRef<{ key?: string; approved: boolean }>({ approved: false });
  useEffect(() => {
    const was = last.current;
    if (heavyKey && was.key && heavyKey !== was.key && was.approved && approved !== heavyKey && withoutStrokes(heavyKey) === withoutStrokes(was.key)) approve(heavyKey);
    last.current = { key: heavyKey, approved: approved === heavyKey };
  }, [heavyKey, approved, approve]);
}
