"use client";
import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";
import { actualSizeView, clampView, type Fraction, fitView, type Layout, layoutBox, type Rect, type Size, type View, zoomAt } from "./geometry";
import { useViewGestures, ZOOM_LIMITS } from "./useViewGestures";
import { markPreview } from "../preview-marks";

export interface StageImage extends Size {
  url: string;
}

export interface StagePreview extends Size {
  data: Uint8Array;
  /** The full-size result's size: the preview is laid out there, stretched. */
  full: Size;
}

interface Props {
  original: string;
  /** The full-size result, when one is rendered: the compare's left side. */
  result?: StageImage;
  /** Another encoding of the same result, shown on the right side instead of the original. */
  other?: StageImage;
  /** What each side is, with its size: "Result · JPEG 78 KB", "Original · JPEG 1.2 MB". */
  captions?: { left: string; right: string };
  /** The latest preview; painted over the result while it is newer (`showPreview`). */
  preview?: StagePreview;
  showPreview: boolean;
  busy: boolean;
  /** Replaces the compare while a crop is edited: an overlay on the image before the crop. */
  overlay?: (rect: Rect, scale: number) => ReactNode;
  /** The overlay draws on the result (a touch-up brush), which stays shown under it. */
  overlayOnResult?: boolean;
  toolbar?: ReactNode;
  /** Shown over the photo's bottom edge (the file size). */
  footer?: ReactNode;
  /** The part of the original the result shows (after a crop), laid under it; null when no part lines up (a quarter turn). */
  region?: Fraction | null;
}

const pct = (n: number) => `${n}%`;
/** Half a touch-sized crop handle (44 px) and a little air. */
const CROP_MARGIN = 24;
/** Counts previews painted in this page, across canvases: only ever rises. */
let painted = 0;
const place = (r: Rect): React.CSSProperties => ({ left: r.x, top: r.y, width: r.width, height: r.height });

/** Paints an RGBA preview; its version attribute counts the previews painted, for tests and benchmarks. */
function PreviewCanvas({ preview, rect, shown }: { preview: StagePreview; rect: Rect; shown: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    canvas.width = preview.width;
    canvas.height = preview.height;
    const pixels = new Uint8ClampedArray(preview.data.buffer as ArrayBuffer, preview.data.byteOffset, preview.data.byteLength);
    canvas.getContext("2d")!.putImageData(new ImageData(pixels, preview.width, preview.height), 0, 0);
    canvas.dataset.previewVersion = String(++painted);
    markPreview("preview-painted");
  }, [preview]);
  return <canvas ref={ref} className="layer preview checkered" style={{ ...place(rect), visibility: shown ? "visible" : "hidden" }} role="img" aria-label="Preview" aria-hidden={!shown} />;
}

/**
 * The photo, filling the space it is given: before and after with a divider on the image (or
 * side by side), zoom around the pointer, pan, Fit and 1:1. Both sides share one view. Side by
 * side keeps the divider's order: the result first (left, or top), then the original or the
 * other encoding.
 */
export function Stage({ original, result, other, captions = { left: "Result", right: "Original" }, preview, showPreview, busy, overlay, overlayOnResult, toolbar, footer, region }: Props) {
  const [originalSize, setOriginalSize] = useState<Size>();
  const [mode, setMode] = useState<"divider" | "side">("divider");
  const [split, setSplit] = useState(50);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [manualView, setManualView] = useState<View>();
  const stageRef = useRef<HTMLDivElement>(null);
  const paneA = useRef<HTMLDivElement>(null);
  const paneB = useRef<HTMLDivElement>(null);

  useEffect(() => setOriginalSize(undefined), [original]);
  useLayoutEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      setViewport({ width: Math.round(width), height: Math.round(height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const side = mode === "side" && !overlay;
  const column = side && viewport.height > viewport.width;
  const paneSize: Size = side ? (column ? { width: viewport.width, height: viewport.height / 2 - 2 } : { width: viewport.width / 2 - 2, height: viewport.height }) : viewport;
  const shown = preview && showPreview ? preview.full : result;
  const layout: Layout | undefined = originalSize && (overlay ? shown && layoutBox(shown, shown) : shown ? layoutBox(originalSize, shown, region) : layoutBox(originalSize));
  const box = layout?.box;
  // While cropping, the photo stands clear of the edges so the handles on its border can be grabbed.
  const fit = box && paneSize.width > 0 ? fitView(box, paneSize, overlay ? CROP_MARGIN : 0) : { scale: 1, x: 0, y: 0 };
  const view = manualView ?? fit;
  const fitted = !manualView;
  const setView = (next: View) => setManualView(next);
  const compareOn = !overlay && !side && Boolean(shown);

  const gestures = { box, viewport: paneSize, view, setView, fitted, setSplit: compareOn ? setSplit : undefined };
  useViewGestures(paneA, gestures);
  useViewGestures(paneB, gestures);
  // A new shape (a crop, a rotation) starts from the whole photo again.
  useEffect(() => setManualView(undefined), [box?.width, box?.height, mode]);

  const zoom = (factor: number) => box && setView(clampView(zoomAt(view, factor, { x: paneSize.width / 2, y: paneSize.height / 2 }, ZOOM_LIMITS), box, paneSize));
  const onDividerKey = (e: KeyboardEvent) => {
    const step = e.shiftKey || e.key.startsWith("Page") ? 10 : 1;
    const next = { ArrowLeft: split - step, ArrowDown: split - step, PageDown: split - step, ArrowRight: split + step, ArrowUp: split + step, PageUp: split + step, Home: 0, End: 100 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setSplit(Math.min(100, Math.max(0, next)));
  };

  const boxStyle: React.CSSProperties | undefined = box && { width: box.width, height: box.height, transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` };
  // Zoomed in by hand, pixels show as squares; a small photo fitted to a big screen stays smooth.
  const pixelated = view.scale >= 2 && !fitted ? " pixelated" : "";
  const whole = layout && { left: 0, top: 0, width: layout.box.width, height: layout.box.height };
  // Each side is clipped in the box's coordinates, so the divider cuts both at the same place.
  // Clipped to the box: after a crop the original is larger than the box, and only its cropped part shows.
  const originalLayer = layout && (
    <div className="layer" style={{ ...whole, overflow: "hidden", ...(compareOn && { clipPath: `inset(0 0 0 ${pct(split)})` }) }}>
      {other && !overlay ? (
        <img className={`layer checkered${pixelated}`} src={other.url} alt="Other encoding" style={place(layout.result)} draggable={false} />
      ) : (
        <img className={`layer${pixelated}`} src={original} alt="Original" style={place(layout.original)} draggable={false} />
      )}
    </div>
  );
  const resultLayer = layout && (
    <div className="layer" style={{ ...whole, ...(compareOn && { clipPath: `inset(0 ${pct(100 - split)} 0 0)` }) }}>
      {result && <img className={`layer checkered${pixelated}`} src={result.url} alt="Result" style={place(layout.result)} draggable={false} hidden={Boolean(overlay) && !overlayOnResult} />}
      {preview && <PreviewCanvas preview={preview} rect={layout.result} shown={showPreview} />}
      {overlay?.(layout.result, view.scale)}
    </div>
  );

  return (
    <section className="photo-stage" aria-label="Photo" aria-busy={busy}>
      <div className="stage-tools toolbar">
        {toolbar}
        <span className="spacer" />
        {!overlay && (
          <button type="button" aria-label="Side by side" aria-pressed={side} onClick={() => setMode(side ? "divider" : "side")} title="Show before and after next to each other">
            ◫<span className="label"> Side by side</span>
          </button>
        )}
        <button type="button" aria-label="Zoom out" title="Zoom out" onClick={() => zoom(1 / 1.5)}>
          −
        </button>
        <output className="zoom-level" aria-label="Zoom level">
          {Math.round(view.scale * 100)} %
        </output>
        <button type="button" aria-label="Zoom in" title="Zoom in" onClick={() => zoom(1.5)}>
          +
        </button>
        <button type="button" aria-pressed={fitted} onClick={() => setManualView(undefined)} title="Fit the photo to the screen">
          Fit
        </button>
        <button type="button" aria-pressed={Math.abs(view.scale - 1) < 1e-6} onClick={() => box && setView(actualSizeView(view, paneSize))} title="One image pixel per screen pixel">
          1:1
        </button>
      </div>
      <div ref={stageRef} className={`viewport${side ? (column ? " side column" : " side") : ""}`}>
        <img hidden src={original} alt="" onLoad={(e) => setOriginalSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />
        <div ref={paneA} className="pane a">
          {boxStyle && (
            <div className="box" style={boxStyle}>
              {side ? resultLayer : (
                <>
                  {!overlay && originalLayer}
                  {resultLayer}
                </>
              )}
            </div>
          )}
          {side && <span className="caption">{captions.left}</span>}
          {compareOn && box && (
            <div
              className="divider"
              data-divider
              role="slider"
              tabIndex={0}
              aria-label="Compare"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(split)}
              aria-valuetext={`${Math.round(split)} % result`}
              onKeyDown={onDividerKey}
              style={{ left: view.x + box.width * view.scale * (split / 100) }}
            >
              <span className="handle" aria-hidden="true">
                ⟷
              </span>
            </div>
          )}
          {compareOn && <span className="caption left">{captions.left}</span>}
          {compareOn && <span className="caption right">{captions.right}</span>}
          {(compareOn || side) && layout && !layout.aligned && (
            <span className="caption bottom" role="note">
              Turned result: both sides are centred, not aligned
            </span>
          )}
        </div>
        {side && (
          <div ref={paneB} className="pane b">
            {boxStyle && <div className="box" style={boxStyle}>{originalLayer}</div>}
            <span className="caption">{captions.right}</span>
          </div>
        )}
        {footer && <div className="stage-footer">{footer}</div>}
      </div>
    </section>
  );
}
