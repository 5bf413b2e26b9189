"use client";
import { type PointerEvent, useRef, useState } from "react";
import type { Rect } from "./geometry";

export type BrushMode = "keep" | "erase";

/** A finished stroke, in the photo's coordinates from 0 to 1 (Remove background's params). */
export interface BrushStroke {
  mode: BrushMode;
  /** Diameter, as a share of the photo's longer side. */
  size: number;
  points: [number, number][];
}

/** As the step's params allow (converters/remove-background/meta.ts). */
const MAX_POINTS = 500;
const round = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10000) / 10000;

/**
 * Paints a touch-up stroke on the photo: the path shows as it is drawn (green to keep, red to
 * erase), and on release it becomes the step's new stroke. A point is kept per half brush width
 * moved, so a stroke stays a few hundred points however slowly it is drawn.
 */
export function BrushOverlay({ rect, mode, size, onStroke }: { rect: Rect; mode: BrushMode; size: number; onStroke: (stroke: BrushStroke) => void }) {
  const [points, setPoints] = useState<[number, number][]>([]);
  const drawing = useRef(false);
  const long = Math.max(rect.width, rect.height);
  const at = (e: PointerEvent): [number, number] => {
    const box = e.currentTarget.getBoundingClientRect();
    return [round((e.clientX - box.left) / box.width), round((e.clientY - box.top) / box.height)];
  };
  const down = (e: PointerEvent) => {
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    setPoints([at(e)]);
  };
  const move = (e: PointerEvent) => {
    if (!drawing.current) return;
    const next = at(e);
    setPoints((path) => {
      const [x, y] = path.at(-1)!;
      const moved = Math.hypot((next[0] - x) * rect.width, (next[1] - y) * rect.height) / long;
      return moved < size / 2 || path.length >= MAX_POINTS ? path : [...path, next];
    });
  };
  const up = (e: PointerEvent) => {
    if (!drawing.current) return;
    drawing.current = false;
    const path = points.length < MAX_POINTS ? [...points, at(e)] : points;
    setPoints([]);
    onStroke({ mode, size, points: path });
  };
  const stroke = mode === "keep" ? "rgb(0 200 80 / 0.6)" : "rgb(230 30 30 / 0.6)";
  return (
    <div
      className="brush"
      data-no-gesture
      role="application"
      aria-label={`${mode === "keep" ? "Keep" : "Erase"} brush: draw on the photo`}
      style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => ((drawing.current = false), setPoints([]))}
    >
      {points.length > 0 && (
        <svg viewBox={`0 0 ${rect.width} ${rect.height}`} width={rect.width} height={rect.height} aria-hidden="true">
          <polyline
            points={points.map(([x, y]) => `${x * rect.width},${y * rect.height}`).join(" ")}
            fill="none"
            stroke={stroke}
            strokeWidth={size * long}
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      )}
    </div>
  );
}
