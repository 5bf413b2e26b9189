"use client";
import { useCallback, useEffect, useReducer, useState } from "react";
import descriptions from "../../converters/descriptions.generated.json";
import { EXTENSION, OUTPUT_FORMATS, type OutputFormat } from "../../converters/formats";
import type { ConverterDescription } from "../../converters/registry";
import { CompareView } from "./CompareView";
import { ParamControls } from "./ParamControls";
import { initialPipeline, pipelineReducer } from "./pipeline-state";
import { useSession } from "../session/session";
import { type SourceImage, useConversion, type Where } from "./useConversion";
import type { HeavyMode } from "./heavy-place";
import { HeavyPlacement, HeavyProgress, useHeavyMode } from "./HeavyProgress";
import { useEditorSession } from "./useEditorSession";
import { useGallerySave } from "./useGallerySave";
import { lazy, Suspense } from "react";

// Below the fold and rarely first: loaded after the editor, with its zip library.
const Batch = lazy(() => import("./Batch").then((m) => ({ default: m.Batch })));
// With the cost models and a header reader: loaded once a chain has a heavy step.
const HeavyEstimate = lazy(() => import("./HeavyEstimate").then((m) => ({ default: m.HeavyEstimate })));

const converters = descriptions as ConverterDescription[];
const byId = new Map(converters.map((c) => [c.id, c]));
const FORMAT_LABEL: Record<OutputFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF" };

/** Asks once, while a server job runs, whether to be told when it is done in the background. */
function NotifyButton() {
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("unsupported");
  useEffect(() => setPermission("Notification" in window ? Notification.permission : "unsupported"), []);
  if (permission !== "default") return null;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Notify me when done
    </button>
  );
}

/** Where the heavy steps of an on-device pipeline run, in words. */
function serverOnlyText(heavy: ConverterDescription[], heavyMode: HeavyMode): string {
  const names = heavy.map((c) => c.name).join(", ");
  if (heavy.some((c) => !c.deviceMaxSide)) return `${names} runs on the server: the photo is uploaded for that step only.`;
  return heavyMode === "device"
    ? `${names} runs on this device: the photo never leaves it.`
    : `${names} runs on the server while it can be reached (the photo is uploaded for that step only), else on this device.`;
}

export function Editor() {
  const [source, setSource] = useState<SourceImage>();
  const [pipeline, dispatch] = useReducer(pipelineReducer, initialPipeline);
  const [selected, setSelected] = useState<number>();
  const [format, setFormat] = useState<OutputFormat>();
  const [quality, setQuality] = useState(80);
  const [isolated, setIsolated] = useState(true);
  const [where, setWhere] = useState<Where>("device");
  // Set once React has attached its handlers: drop and paste before that would be lost.
  const [ready, setReady] = useState(false);
  const [heavyMode, setHeavyMode] = useHeavyMode();
  const conversion = useConversion(source, pipeline.present, format, quality, where, heavyMode);
  const { result, error, busy } = conversion;
  const [notice, setNotice] = useState<string>();
  const user = useSession();
  const save = useGallerySave(user, source, pipeline.present, result, busy);

  useEffect(() => {
    // Without isolation wasm-vips cannot start; the server runs every converter too.
    setIsolated(window.crossOriginIsolated);
    if (!window.crossOriginIsolated) setWhere("server");
  }, []);

  // Ready once the saved session (or a shared photo) is back, so it never replaces a new pick.
  useEditorSession({ source, steps: pipeline.present, format, quality, where }, (restored) => {
    if (restored && "source" in restored) {
      setSource(restored.source);
      if (restored.steps) dispatch({ type: "restore", steps: restored.steps });
      setFormat(restored.format);
      if (restored.quality) setQuality(restored.quality);
      if (restored.where && (restored.where === "server" || window.crossOriginIsolated)) setWhere(restored.where);
    }
    setNotice(restored?.notice);
    setReady(true);
  });

  const open = useCallback(async (file: File | undefined) => {
    if (!file) return;
    const bytes = await file.arrayBuffer();
    setNotice(undefined);
    setSource((old) => {
      if (old) URL.revokeObjectURL(old.url);
      return { id: crypto.randomUUID(), name: file.name, bytes, url: URL.createObjectURL(file) };
    });
  }, []);

  // Paste an image from anywhere on the page.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
      if (file) void open(file);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [open]);

  const steps = pipeline.present;
  const serverOnly = [...new Set(steps.map((s) => byId.get(s.converter)).filter((c) => c?.runsOn === "server").map((c) => c!))];
  const editing = selected !== undefined && selected < steps.length ? selected : steps.length - 1;
  const editingStep = steps[editing];
  const editingMeta = editingStep && byId.get(editingStep.converter);
  const baseName = source?.name.replace(/\.[^.]+$/, "") || "image";

  return (
    <main
      className="editor"
      data-ready={ready}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void open(e.dataTransfer.files[0]);
      }}
    >
      {!isolated && (
        <p role="alert" className="error">
          This page is not cross-origin isolated, so the on-device image engine cannot start; conversions run on the
          server instead.
        </p>
      )}
      <section className="source">
        <label className="picker">
          Choose image
          <input type="file" accept="image/*" onChange={(e) => void open(e.target.files?.[0])} />
        </label>
        <label className="picker secondary">
          Take photo
          <input type="file" accept="image/*" capture="environment" onChange={(e) => void open(e.target.files?.[0])} />
        </label>
        <label>
          Run on
          <select value={where} onChange={(e) => setWhere(e.target.value as Where)}>
            <option value="device" disabled={!isolated}>
              This device
            </option>
            <option value="server">Server</option>
          </select>
        </label>
        <span className="muted">
          {where === "server"
            ? "The photo is uploaded for each step."
            : serverOnly.length
              ? serverOnlyText(serverOnly, heavyMode)
              : "Drop or paste a photo too. It never leaves this device."}
        </span>
      </section>

      <nav className="converters" aria-label="Converters">
        {converters.map((c) => (
          <button
            key={c.id}
            type="button"
            title={c.description}
            disabled={!source}
            onClick={() => {
              dispatch({ type: "add", step: { converter: c.id, params: { ...c.defaults } } });
              setSelected(undefined);
            }}
          >
            {c.name}
          </button>
        ))}
      </nav>

      <section className="pipeline" aria-label="Pipeline">
        <div className="toolbar">
          <button type="button" onClick={() => dispatch({ type: "undo" })} disabled={!pipeline.past.length}>
            Undo
          </button>
          <button type="button" onClick={() => dispatch({ type: "redo" })} disabled={!pipeline.future.length}>
            Redo
          </button>
          <button type="button" onClick={() => dispatch({ type: "clear" })} disabled={!steps.length}>
            Clear
          </button>
        </div>
        <ol aria-label="Steps">
          {steps.map((step, i) => {
            const name = byId.get(step.converter)?.name ?? step.converter;
            return (
              <li key={i} className={i === editing ? "current" : undefined}>
                <button type="button" aria-label={`Edit step ${i + 1}: ${name}`} aria-current={i === editing} onClick={() => setSelected(i)}>
                  {i + 1}. {name}
                </button>
                <button type="button" aria-label={`Remove step ${i + 1}: ${name}`} onClick={() => dispatch({ type: "remove", index: i })}>
                  ×
                </button>
              </li>
            );
          })}
        </ol>
        {editingStep && editingMeta && (
          <ParamControls
            converter={editingMeta}
            values={editingStep.params ?? {}}
            onChange={(params) => dispatch({ type: "update", index: editing, params })}
          />
        )}
        {source && steps.some((s) => byId.get(s.converter)?.runsOn === "server") && (
          <Suspense fallback={null}>
            <HeavyEstimate bytes={source.bytes} steps={steps} converters={byId} />
          </Suspense>
        )}
        {where === "device" && <HeavyPlacement steps={steps} mode={heavyMode} onChange={setHeavyMode} />}
      </section>

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="alert" className="error">
          {notice}
        </p>
      )}

      <HeavyProgress {...conversion} notify={<NotifyButton />} />

      {source && <CompareView original={source.url} result={result?.url} busy={busy} />}

      <section className="output" aria-label="Output">
        <label>
          Format
          <select value={format ?? ""} onChange={(e) => setFormat((e.target.value || undefined) as OutputFormat | undefined)}>
            <option value="">Same as input</option>
            {OUTPUT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quality
          <input type="range" min={1} max={100} value={quality} disabled={format === "png"} onChange={(e) => setQuality(Number(e.target.value))} />
          <output>{quality}</output>
        </label>
        {result ? (
          <a className="button primary" href={result.url} download={`${baseName}-edited.${EXTENSION[result.format]}`}>
            Download
          </a>
        ) : (
          <button type="button" className="primary" disabled>
            Download
          </button>
        )}
        {result && (
          <span className="muted">
            {result.width}×{result.height}, {FORMAT_LABEL[result.format]}, {(result.blob.size / 1024).toFixed(0)} KB
          </span>
        )}
        <p role="status" className="saved muted">
          {save?.state === "saving" && "Saving to your gallery…"}
          {save?.state === "saved" && (
            <>
              Saved to your <a href="/gallery">gallery</a>
            </>
          )}
          {save?.state === "failed" && `Not saved to your gallery: ${save.message}`}
        </p>
      </section>
      <Suspense fallback={null}>
        <Batch steps={steps} format={format} quality={quality} where={where} />
      </Suspense>
    </main>
  );
}
