"use client";
import { useState } from "react";
import type { ConverterDescription } from "../../converters/registry";
import type { EditorStep, PipelineAction } from "./pipeline-state";

/**
 * The steps in order: pick one to edit it, drag it (or Move up / Move down) to reorder, switch it
 * off without losing its settings, or remove it.
 */
export function StepList({ steps, selected, converters, onSelect, dispatch }: { steps: EditorStep[]; selected: number; converters: Map<string, ConverterDescription>; onSelect: (index: number) => void; dispatch: (action: PipelineAction) => void }) {
  const [dragging, setDragging] = useState<number>();
  const [over, setOver] = useState<number>();
  if (!steps.length) return <p className="muted steps-empty">No steps yet: add one below.</p>;
  return (
    <ol className="steps" aria-label="Steps">
      {steps.map((step, i) => {
        const name = converters.get(step.converter)?.name ?? step.converter;
        const on = step.enabled !== false;
        return (
          <li
            key={`${i}-${step.converter}`}
            aria-label={`${i + 1}. ${name}${on ? "" : " (off)"}`}
            className={[i === selected && "current", !on && "off", over === i && dragging !== i && "drop-target"].filter(Boolean).join(" ")}
            draggable
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", String(i));
            }}
            onDragOver={(e) => {
              if (dragging === undefined) return;
              e.preventDefault();
              setOver(i);
            }}
            onDrop={(e) => {
              e.preventDefault();
              e.stopPropagation();
              if (dragging !== undefined) dispatch({ type: "move", from: dragging, to: i });
              setDragging(undefined);
              setOver(undefined);
            }}
            onDragEnd={() => {
              setDragging(undefined);
              setOver(undefined);
            }}
          >
            <span className="grip" aria-hidden="true">
              ⠿
            </span>
            <input type="checkbox" aria-label="Enabled" title={on ? "Switch this step off" : "Switch this step on"} checked={on} onChange={(e) => dispatch({ type: "enable", index: i, enabled: e.target.checked })} />
            <button type="button" className="step-name" aria-label={`Edit step ${i + 1}: ${name}`} aria-current={i === selected} onClick={() => onSelect(i)}>
              {i + 1}. {name}
            </button>
            <button type="button" className="icon" aria-label="Move up" title="Move up" disabled={i === 0} onClick={() => dispatch({ type: "move", from: i, to: i - 1 })}>
              ↑
            </button>
            <button type="button" className="icon" aria-label="Move down" title="Move down" disabled={i === steps.length - 1} onClick={() => dispatch({ type: "move", from: i, to: i + 1 })}>
              ↓
            </button>
            <button type="button" className="icon" aria-label="Remove" title={`Remove ${name}`} onClick={() => dispatch({ type: "remove", index: i })}>
              ×
            </button>
          </li>
        );
      })}
    </ol>
  );
}
