"use client";
import { type ChangeEvent, type ReactNode, useState } from "react";
import type { ConverterDescription } from "../../converters/registry";

interface NumberSchema {
  type: "number" | "integer";
  title?: string;
  minimum?: number;
  maximum?: number;
  /** Only multiples of this are valid (AI upscale's scale: 2 or 4). */
  multipleOf?: number;
  default?: number;
}

interface ChoicesSchema {
  type: "array";
  title?: string;
  items: { enum: string[] };
  minItems?: number;
}

type ParamSchema = NumberSchema | ChoicesSchema;

/**
 * Controls generated from a converter's JSON Schema: a slider and a number box per number, a
 * group of checkboxes per list of choices.
 */
export function ParamControls({
  converter,
  values,
  onChange: change,
  children,
}: {
  converter: ConverterDescription;
  values: Record<string, unknown>;
  onChange: (params: Record<string, unknown>) => void;
  /** Extra controls for this converter (Crop's aspect), after its own. */
  children?: ReactNode;
}) {
  // Resize: with the aspect kept, giving a width makes the height automatic, and the other way round.
  const [keepAspect, setKeepAspect] = useState(true);
  const isResize = converter.id === "resize";
  const onChange = (params: Record<string, unknown>) => {
    if (isResize && keepAspect && Number(params.width) > 0) change({ ...params, height: 0 });
    else if (isResize && keepAspect && Number(params.height) > 0) change({ ...params, width: 0 });
    else change(params);
  };
  const properties = (converter.params.properties ?? {}) as Record<string, ParamSchema>;
  const entries = Object.entries(properties);
  if (entries.length === 0) return <p className="muted">{converter.name} has no settings.</p>;
  return (
    <fieldset className="params">
      <legend>{converter.name} settings</legend>
      {isResize && (
        <label className="check">
          <input type="checkbox" checked={keepAspect} onChange={(e) => setKeepAspect(e.target.checked)} />
          Keep aspect ratio
        </label>
      )}
      {entries.map(([key, schema]) => {
        if (schema.type === "array") {
          const chosen = (values[key] ?? converter.defaults[key] ?? []) as string[];
          const toggle = (option: string, on: boolean) => {
            const next = schema.items.enum.filter((o) => (o === option ? on : chosen.includes(o)));
            if (next.length >= (schema.minItems ?? 0)) onChange({ [key]: next });
          };
          return (
            <fieldset className="param choices" key={key}>
              <legend>{schema.title ?? key}</legend>
              {schema.items.enum.map((option) => (
                <label key={option}>
                  <input type="checkbox" checked={chosen.includes(option)} onChange={(e) => toggle(option, e.target.checked)} />
                  {option}
                </label>
              ))}
            </fieldset>
          );
        }
        const value = Number(values[key] ?? schema.default ?? 0);
        const step = schema.multipleOf ?? (schema.type === "integer" ? 1 : rangeStep(schema));
        const label = schema.title ?? key;
        const set = (raw: string) => {
          const n = Number(raw);
          if (raw === "" || Number.isNaN(n)) return;
          const clamped = Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? -Infinity, n));
          const on = schema.multipleOf ? Math.round(clamped / schema.multipleOf) * schema.multipleOf : clamped;
          onChange({ [key]: schema.type === "integer" ? Math.round(on) : on });
        };
        const input = {
          min: schema.minimum,
          max: schema.maximum,
          step,
          value,
          onChange: (e: ChangeEvent<HTMLInputElement>) => set(e.target.value),
        };
        return (
          <div className="param" key={key}>
            <label htmlFor={`param-${key}`}>{label}</label>
            <input id={`param-${key}`} type="range" {...input} />
            <input aria-label={`${label} value`} type="number" {...input} />
          </div>
        );
      })}
      {children}
    </fieldset>
  );
}

/** About a hundred stops across the range, on a round number: 0.001 for a step size, 1 for percent. */
function rangeStep({ minimum = 0, maximum = 100 }: NumberSchema): number {
  return Math.min(1, 10 ** Math.floor(Math.log10((maximum - minimum) / 100)));
}
