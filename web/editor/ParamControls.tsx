"use client";
import type { ChangeEvent } from "react";
import type { ConverterDescription } from "../../converters/registry";

interface NumberSchema {
  type: "number" | "integer";
  title?: string;
  minimum?: number;
  maximum?: number;
  default?: number;
}

/** Controls generated from a converter's JSON Schema: a slider and a number box per number. */
export function ParamControls({
  converter,
  values,
  onChange,
}: {
  converter: ConverterDescription;
  values: Record<string, unknown>;
  onChange: (params: Record<string, unknown>) => void;
}) {
  const properties = (converter.params.properties ?? {}) as Record<string, NumberSchema>;
  const entries = Object.entries(properties);
  if (entries.length === 0) return <p className="muted">{converter.name} has no settings.</p>;
  return (
    <fieldset className="params">
      <legend>{converter.name} settings</legend>
      {entries.map(([key, schema]) => {
        const value = Number(values[key] ?? schema.default ?? 0);
        const step = schema.type === "integer" ? 1 : rangeStep(schema);
        const label = schema.title ?? key;
        const set = (raw: string) => {
          const n = Number(raw);
          if (raw === "" || Number.isNaN(n)) return;
          const clamped = Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? -Infinity, n));
          onChange({ [key]: schema.type === "integer" ? Math.round(clamped) : clamped });
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
    </fieldset>
  );
}

function rangeStep({ minimum = 0, maximum = 100 }: NumberSchema): number {
  const span = maximum - minimum;
  return span <= 5 ? 0.01 : span <= 50 ? 0.1 : 1;
}
