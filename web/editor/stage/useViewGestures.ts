"use client";
import { type RefObject, useEffect, useRef } from "react";
import { clampView, type Size, splitAt, type View, zoomAt } from "./geometry";

export const ZOOM_LIMITS = { min: 0.02, max: 32 };

interface Options {
  box: Size | undefined;
  viewport: Size;
  view: View;
  setView: (view: View) => void;
  /** True when the whole box fits: a drag then moves the divider instead of panning. */
  fitted: boolean;
  setSplit?: (split: number) => void;
}

type Gesture =
  | { kind: "divide" }
  | { kind: "pan"; x: number; y: number; view: View }
  | { kind: "pinch"; distance: number; mid: { x: number; y: number }; view: View };

const point = (el: HTMLElement, e: { clientX: number; clientY: number }) => {
  const r = el.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
};

/**
 * Pointer and wheel on the stage. One finger or the mouse drags the divider when the photo fits
 * (and always on the divider itself), else pans; two fingers pinch-zoom and pan; the wheel zooms
 * around the pointer. The latest values are read from a ref, so listeners are attached once.
 */
export function useViewGestures(ref: RefObject<HTMLElement | null>, options: Options) {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const pointers = new Map<number, { x: number; y: number }>();
    let gesture: Gesture | undefined;

    const pinchStart = (): Gesture => {
      const [a, b] = [...pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      return { kind: "pinch", distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, view: latest.current.view };
    };

    const down = (e: PointerEvent) => {
      const { box, fitted, setSplit, view } = latest.current;
      if (!box || (e.target as HTMLElement).closest("[data-no-gesture]") || e.button > 0) return;
      el.setPointerCapture(e.pointerId);
      const p = point(el, e);
      pointers.set(e.pointerId, p);
      if (pointers.size === 2) gesture = pinchStart();
      else if (setSplit && (fitted || (e.target as HTMLElement).closest("[data-divider]"))) {
        gesture = { kind: "divide" };
        setSplit(splitAt(view, box, p.x));
      } else gesture = { kind: "pan", ...p, view };
      e.preventDefault();
    };

    const move = (e: PointerEvent) => {
      if (!pointers.has(e.pointerId) || !gesture) return;
      const p = point(el, e);
      pointers.set(e.pointerId, p);
      const { box, viewport, setView, setSplit, view } = latest.current;
      if (!box) return;
      if (gesture.kind === "divide") setSplit?.(splitAt(view, box, p.x));
      else if (gesture.kind === "pan") {
        setView(clampView({ ...gesture.view, x: gesture.view.x + p.x - gesture.x, y: gesture.view.y + p.y - gesture.y }, box, viewport));
      } else if (pointers.size === 2) {
        const now = pinchStart() as Extract<Gesture, { kind: "pinch" }>;
        const zoomed = zoomAt(gesture.view, now.distance / gesture.distance, gesture.mid, ZOOM_LIMITS);
        setView(clampView({ ...zoomed, x: zoomed.x + now.mid.x - gesture.mid.x, y: zoomed.y + now.mid.y - gesture.mid.y }, box, viewport));
      }
    };

    const up = (e: PointerEvent) => {
      pointers.delete(e.pointerId);
      // Lifting one finger of two continues as a pan from where the other one is.
      const rest = [...pointers.values()][0];
      gesture = rest && gesture?.kind === "pinch" ? { kind: "pan", ...rest, view: latest.current.view } : pointers.size ? gesture : undefined;
    };

    const wheel = (e: WheelEvent) => {
      const { box, viewport, view, setView } = latest.current;
      if (!box) return;
      e.preventDefault();
      // Trackpad pinches arrive as wheel events with ctrlKey and small deltas: the same formula serves both.
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      setView(clampView(zoomAt(view, factor, point(el, e), ZOOM_LIMITS), box, viewport));
    };

    el.addEventListener("pointerdown", down);
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
    el.addEventListener("pointercancel", up);
    el.addEventListener("wheel", wheel, { passive: false });
    return () => {
      el.removeEventListener("pointerdown", down);
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
      el.removeEventListener("pointercancel", up);
      el.removeEventListener("wheel", wheel);
    };
  }, [ref]);
}
