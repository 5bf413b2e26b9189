"use client";
import { type PointerEvent, useRef } from "react";
import type { Rect } from "./geometry";

/** Crop's params: a rectangle in percent of the image before the crop. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

type Edge = "n" | "s" | "e" | "w" | "ne" | "nw" | "se" | "sw" | "move";
const HANDLES: Edge[] = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];
const HANDLE_NAMES: Record<Edge, string> = { nw: "top-left", n: "top", ne: "top-right", e: "right", se: "bottom-right", s: "bottom", sw: "bottom-left", w: "left", move: "whole" };
const MIN = 1;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Moves one edge (or the whole box) by dx, dy percent. With an aspect (width over height, in the
 * image's pixels) the other side follows, and the box stays inside the image.
 */
export function dragCrop(start: CropBox, edge: Edge, dx: number, dy: number, aspect?: number, imageAspect = 1): CropBox {
  if (edge === "move") {
    return { ...start, left: clamp(start.left + dx, 0, 100 - start.width), top: clamp(start.top + dy, 0, 100 - start.height) };
  }
  let { left, top } = start;
  let right = start.left + start.width;
  let bottom = start.top + start.height;
  if (edge.includes("w")) left = clamp(left + dx, 0, right - MIN);
  if (edge.includes("e")) right = clamp(right + dx, left + MIN, 100);
  if (edge.includes("n")) top = clamp(top + dy, 0, bottom - MIN);
  if (edge.includes("s")) bottom = clamp(bottom + dy, top + MIN, 100);
  let box = { left, top, width: right - left, height: bottom - top };
  if (aspect) {
    // Percent units differ across axes: height% = width% × imageAspect / aspect.
    const byWidth = edge === "n" || edge === "s" ? false : true;
    if (byWidth) box.height = (box.width * imageAspect) / aspect;
    else box.width = (box.height * aspect) / imageAspect;
    if (edge.includes("n")) box.top = bottom - box.height;
    if (edge.includes("w")) box.left = right - box.width;
    box = fitInside(box, aspect, imageAspect);
  }
  return box;
}

/** The largest box of `aspect` centred on `box`, inside the image. */
export function fitInside(box: CropBox, aspect: number, imageAspect: number): CropBox {
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  let width = Math.min(box.width, 100);
  let height = (width * imageAspect) / aspect;
  if (height > Math.min(box.height, 100) && box.height > 0) {
    height = Math.min(box.height, 100);
    width = (height * aspect) / imageAspect;
  }
  if (height > 100) {
    height = 100;
    width = (height * aspect) / imageAspect;
  }
  return { left: clamp(cx - width / 2, 0, 100 - width), top: clamp(cy - height / 2, 0, 100 - height), width, height };
}

/**
 * Hundredths of a percent: finer than a pixel on any photo the editor opens (40 MP is under
 * 10 000 px a side), and what the number boxes show, so a preset never writes 20.729999999999997.
 */
export const roundBox = (b: CropBox): CropBox => ({ left: hundredths(b.left), top: hundredths(b.top), width: hundredths(b.width), height: hundredths(b.height) });
const hundredths = (n: number) => Math.round(n * 100) / 100;

/** The crop rectangle on the photo, with eight handles and a draggable middle. */
export function CropOverlay({ rect, scale, box, aspect, onChange }: { rect: Rect; scale: number; box: CropBox; aspect?: number; onChange: (box: CropBox) => void }) {
  const drag = useRef<{ edge: Edge; x: number; y: number; start: CropBox }>(undefined);
  const begin = (edge: Edge) => (e: PointerEvent) => {
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { edge, x: e.clientX, y: e.clientY, start: box };
  };
  const move = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = ((e.clientX - d.x) / (rect.width * scale)) * 100;
    const dy = ((e.clientY - d.y) / (rect.height * scale)) * 100;
    onChange(roundBox(dragCrop(d.start, d.edge, dx, dy, aspect, rect.width / rect.height)));
  };
  const end = () => (drag.current = undefined);
  const frame = { left: rect.x + (rect.width * box.left) / 100, top: rect.y + (rect.height * box.top) / 100, width: (rect.width * box.width) / 100, height: (rect.height * box.height) / 100 };
  // Handles keep their on-screen size whatever the zoom: --crop-handle (editor.css) is 22 CSS px
  // for a mouse and 44 for a finger, the smallest touch target WCAG 2.5.5 and the platforms ask.
  const size = `calc(var(--crop-handle) / ${scale})`;
  const margin = `calc(var(--crop-handle) / ${-2 * scale})`;
  return (
    <div className="crop" data-no-gesture style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}>
      <div className="crop-frame" style={{ left: frame.left - rect.x, top: frame.top - rect.y, width: frame.width, height: frame.height, borderWidth: 2 / scale }} onPointerDown={begin("move")} onPointerMove={move} onPointerUp={end} aria-label="Crop area" role="group">
        {HANDLES.map((edge) => (
          <span
            key={edge}
            className={`crop-handle ${edge}`}
            aria-label={`Crop ${HANDLE_NAMES[edge]} handle`}
            style={{ width: size, height: size, margin }}
            onPointerDown={begin(edge)}
            onPointerMove={move}
            onPointerUp={end}
          />
        ))}
      </div>
    </div>
  );
}
