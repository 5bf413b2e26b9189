"use client";
import { useState } from "react";

/**
 * Before and after, laid out as the editor's stage: the result on the left, the original on the
 * right. "Compare" lays the original over the result from the slider rightwards (0: all
 * original, 100: all result); "Side by side" puts the result first. Both images stay in the page.
 */
export function CompareView({ original, result, busy }: { original: string; result?: string; busy: boolean }) {
  const [split, setSplit] = useState(50);
  const [mode, setMode] = useState<"compare" | "side">("compare");
  return (
    <section className="compare" aria-busy={busy} aria-label="Before and after">
      <div className="toolbar">
        <button type="button" aria-pressed={mode === "compare"} onClick={() => setMode("compare")}>
          Compare
        </button>
        <button type="button" aria-pressed={mode === "side"} onClick={() => setMode("side")}>
          Side by side
        </button>
        {busy && (
          <span className="busy" role="status">
            Converting…
          </span>
        )}
      </div>
      <div className={`stage ${mode}`} style={{ ["--split" as string]: `${split}%` }}>
        {result && (
          <figure className="pane result">
            <img src={result} alt="Result" decoding="async" />
            <figcaption>Result</figcaption>
          </figure>
        )}
        <figure className={`pane original${result ? " over" : ""}`}>
          <img src={original} alt="Original" decoding="async" />
          <figcaption>Original</figcaption>
        </figure>
      </div>
      {mode === "compare" && result && (
        <input
          className="split"
          type="range"
          min={0}
          max={100}
          step={0.5}
          value={split}
          aria-label="Before and after slider"
          aria-valuetext={`${Math.round(split)} % result`}
          onChange={(e) => setSplit(Number(e.target.value))}
        />
      )}
    </section>
  );
}
