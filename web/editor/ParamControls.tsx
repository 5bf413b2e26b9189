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

/** One of a few words (Remove background's Edges). */
interface ChoiceSchema {
  type: "string";
  title?: string;
  enum: string[];
  default?: string;
}

/** One of a few words or a colour "#rrggbb" (Remove background's Background). */
interface WordOrColourSchema {
  type?: undefined;
  title?: string;
  anyOf: ({ type: "string"; enum: string[] } | { type: "string"; pattern: string })[];
  default?: string;
}

/** A list of objects (touch-up strokes): edited on the photo, not here. */
interface ObjectListSchema {
  type: "array";
  items: { type: "object"; enum?: undefined };
}

type ParamSchema = NumberSchema | ChoicesSchema | ChoiceSchema | WordOrColourSchema | ObjectListSchema;

const isObjectList = (schema: ChoicesSchema | ObjectListSchema): schema is ObjectListSchema => schema.items.enum === undefined;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Controls generated from a converter's JSON Schema: a slider and a number box per number, a
 * group of checkboxes per list of choices, a menu per word to choose (with a colour well where a
 * colour may be given instead).
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
  // An aspect pair (resize's width and height): with the aspect kept, giving one makes the other automatic.
  const [keepAspect, setKeepAspect] = useState(true);
  const pair = converter.aspectPair;
  const onChange = (params: Record<string, unknown>) => {
    const [a, b] = pair ?? [];
    if (a && b && keepAspect && Number(params[a]) > 0) change({ ...params, [b]: 0 });
    else if (a && b && keepAspect && Number(params[b]) > 0) change({ ...params, [a]: 0 });
    else change(params);
  };
  const properties = (converter.params.properties ?? {}) as Record<string, ParamSchema>;
  const entries = Object.entries(properties);
  if (entries.length === 0) return <p className="muted">{converter.name} has no settings.</p>;
  return (
    <fieldset className="params">
      <legend>{converter.name} settings</legend>
      {pair && (
        <label className="check">
          <input type="checkbox" checked={keepAspect} onChange={(e) => setKeepAspect(e.target.checked)} />
          Keep aspect ratio
        </label>
      )}
      {entries.map(([key, schema]) => {
        if (schema.type === "array" && isObjectList(schema)) return null;
        if (schema.type === "array") {
          return <Choices key={key} name={key} schema={schema} chosen={(values[key] ?? converter.defaults[key] ?? []) as string[]} onChange={onChange} />;
        }
        if (schema.type === "string" || schema.type === undefined) {
          const words = schema.type === "string" ? schema.enum : schema.anyOf.flatMap((o) => ("enum" in o ? o.enum : []));
          const colours = schema.type === undefined && schema.anyOf.some((o) => "pattern" in o);
          const value = String(values[key] ?? schema.default ?? words[0]);
          const isColour = colours && COLOUR.test(value);
          const label = schema.title ?? key;
          return (
            <div className="param" key={key}>
              <label htmlFor={`param-${key}`}>{label}</label>
              <select id={`param-${key}`} value={isColour ? "colour" : value} onChange={(e) => onChange({ [key]: e.target.value === "colour" ? "#ffffff" : e.target.value })}>
                {words.map((word) => (
                  <option key={word} value={word}>
                    {converter.attachment?.param === key && converter.attachment.value === word ? `${converter.attachment.title}…` : capitalised(word)}
                  </option>
                ))}
                {colours && <option value="colour">Colour</option>}
              </select>
              {isColour && <input type="color" aria-label={`${label} colour`} value={value.toLowerCase()} onChange={(e) => onChange({ [key]: e.target.value })} />}
            </div>
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

/** A group of checkboxes for a list of choices (DeepDream's layers); at least minItems stay on. */
function Choices({ name, schema, chosen, onChange }: { name: string; schema: ChoicesSchema; chosen: string[]; onChange: (params: Record<string, unknown>) => void }) {
  const toggle = (option: string, on: boolean) => {
    const next = schema.items.enum.filter((o) => (o === option ? on : chosen.includes(o)));
    if (next.length >= (schema.minItems ?? 0)) onChange({ [name]: next });
  };
  return (
    <fieldset className="param choices">
      <legend>{schema.title ?? name}</legend>
      {schema.items.enum.map((option) => (
        <label key={option}>
          <input type="checkbox" checked={chosen.includes(option)} onChange={(e) => toggle(option, e.target.checked)} />
          {option}
        </label>
      ))}
    </fieldset>
  );
}
