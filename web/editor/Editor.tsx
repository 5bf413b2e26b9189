"use client";
import { Icon } from "./icons";
import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { descriptions } from "../../converters/descriptions.generated";
import { sniffFormat } from "../../converters/engine/formats";
import type { ConverterDescription } from "../../converters/registry";
import { useSession } from "../session/session";
import { CompareSettings } from "./compare/CompareSettings";
import { useCompare } from "./compare/useCompare";
import { DEFAULT_CHOICE, type ExportChoice } from "./export/choice";
import { DownloadNote } from "./export/DownloadNote";
import { originalDownload } from "./export/original-file";
import { useFileFacts } from "./export/useFileFacts";
import { HeavyPlacement, HeavyProgress, useHeavyMode } from "./HeavyProgress";
import { HeavyRun } from "./HeavyRun";
import { NotifyButton } from "./NotifyButton";
import { Histogram } from "./Histogram";
import { OutputActions, SizeChange } from "./OutputActions";
import { OutputSettings } from "./OutputSettings";
import { ParamControls } from "./ParamControls";
import { AttachmentChooser } from "./AttachmentChooser";
import type { EditorAttachments } from "./run-anywhere";
import { activeSteps, initialPipeline, pipelineReducer } from "./pipeline-state";
import { CropOverlay, type CropBox, fitInside, roundBox } from "./stage/CropOverlay";
import { type AspectName, aspectRatio, CropTools } from "./stage/CropTools";
import { shownRegion } from "./stage/region";
import { Stage } from "./stage/Stage";
import { StepList } from "./StepList";
import { BrushOverlay, type BrushStroke } from "./stage/BrushOverlay";
import { TouchUp, useBrush, useRerunOnStrokes } from "./TouchUp";
import { conversionKey, effectiveFormat, type SourceImage, useConversion, type Where } from "./useConversion";
import { HEAD_BYTES, refusal } from "./file-check";
import { useEditorSession } from "./useEditorSession";
import { AutoSaveSetting, SaveToGallery } from "./GallerySave";
import { useAutoSave } from "./useAutoSave";
import { useGallerySave } from "./useGallerySave";
import { useOpenedPhoto, usePreview } from "./usePreview";
import { useSettingsFocus } from "./useSettingsFocus";
import { useUndoShortcuts } from "./useShortcuts";

// Rarely first: loaded after the editor, with its zip library.
const Batch = lazy(() => import("./Batch").then((m) => ({ default: m.Batch })));

const converters = descriptions;
const byId = new Map(converters.map((c) => [c.id, c]));
const overlayOf = (id: string | undefined) => (id === undefined ? undefined : byId.get(id)?.overlay);
const isHeavy = (id: string) => byId.get(id)?.runsOn === "server";

/** The preview's size: the screen's long side in device pixels, within reason for a phone's memory. */
const previewSide = () => Math.min(1536, Math.round(Math.max(window.innerWidth, window.innerHeight) * Math.min(window.devicePixelRatio || 1, 2)));

export function Editor() {
  const [source, setSource] = useState<SourceImage>();
  const [pipeline, dispatch] = useReducer(pipelineReducer, initialPipeline);
  const [selected, setSelected] = useState<number>();
  const [cropping, setCropping] = useState(false);
  const [aspect, setAspect] = useState<AspectName>("Free");
  const [choice, setChoice] = useState<ExportChoice>(DEFAULT_CHOICE);
  const [isolated, setIsolated] = useState(true);
  const [where, setWhere] = useState<Where>("device");
  const [approved, setApproved] = useState<string>();
  const [pendingFile, setPendingFile] = useState<File>();
  const [maxSide, setMaxSide] = useState(0);
  // Set once React has attached its handlers: drop and paste before that would be lost.
  const [ready, setReady] = useState(false);
  const [heavyMode, setHeavyMode] = useHeavyMode();
  const [brush, setBrush] = useBrush();
  const [notice, setNotice] = useState<string>();
  // A file refused before it replaced anything: said over the photo, which stays.
  const [refused, setRefused] = useState<string>();
  // Counts adds and picks of a step: each brings that step's settings into view, focused.
  const [focusRequest, setFocusRequest] = useState(0);
  // Files steps read besides the photo (a style photo), for this photo's edits.
  const [attachments, setAttachments] = useState<EditorAttachments>({});
  const pipelineRef = useRef<HTMLElement>(null);
  useSettingsFocus(pipelineRef, focusRequest);
  const user = useSession();
  const [autoSave, setAutoSave] = useAutoSave(user);

  useEffect(() => {
    // Without isolation wasm-vips cannot start; the server runs every converter too.
    setIsolated(window.crossOriginIsolated);
    if (!window.crossOriginIsolated) setWhere("server");
    setMaxSide(previewSide());
    const onResize = () => setMaxSide(previewSide());
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  const steps = pipeline.present;
  const active = useMemo(() => activeSteps(steps), [steps]);
  const lastHeavy = active.findLastIndex((s) => isHeavy(s.converter));
  const heavyKey = source && lastHeavy >= 0 ? JSON.stringify([source.id, active.slice(0, lastHeavy + 1), where, heavyMode]) : undefined;
  const onDevice = where === "device" && isolated;
  const live = onDevice && lastHeavy < 0;

  // Ready once the saved session (or a shared photo) is back, so it never replaces a new pick.
  useEditorSession({ source, steps, past: pipeline.past, future: pipeline.future, approved, choice, where }, (restored) => {
    if (restored && "source" in restored) {
      setSource(restored.source);
      if (restored.steps) dispatch({ type: "restore", steps: restored.steps, past: restored.past, future: restored.future });
      setChoice((old) => ({ ...old, ...restored.choice }));
      if (restored.where && (restored.where === "server" || window.crossOriginIsolated)) setWhere(restored.where);
      setApproved(restored.approved);
    }
    setNotice(restored?.notice);
    setReady(true);
  });
  // A job opened from its notification ran already: its heavy steps count as run.
  useEffect(() => {
    if (approved === "job" && heavyKey) setApproved(heavyKey);
  }, [approved, heavyKey]);

  const photo = useOpenedPhoto(source, onDevice);
  const blocked = Boolean(photo.error);
  const runApproved = !blocked && (!heavyKey || approved === heavyKey);
  // No step on: Download may give the file itself (what its metadata allows is read first).
  const facts = useFileFacts(source, isolated);
  const sourceFormat = useMemo(() => source && sniffFormat(new Uint8Array(source.bytes)), [source]);
  const plain = source && active.length === 0 ? originalDownload(sourceFormat, choice, facts?.keptBy) : undefined;
  const original = plain?.kind === "original" && facts ? { width: facts.width, height: facts.height } : undefined;
  // A server job saves itself (the worker, as the page may close) only with automatic saving on.
  const saveAs = autoSave && user ? source?.id : undefined;
  const conversion = useConversion(source, active, choice, where, heavyMode, {
    live: live && Boolean(photo.opened),
    approved: runApproved && plain?.kind !== "pending" && (Boolean(original) || !live || Boolean(photo.opened)),
    original,
    saveAs,
    attachments,
  });
  const { result, error } = conversion;

  const editing = selected !== undefined && selected < steps.length ? selected : steps.length - 1;
  const editingStep = steps[editing];
  const editingMeta = editingStep && byId.get(editingStep.converter);
  const cropMode = live && cropping && editingMeta?.overlay === "crop-box" && editingStep?.enabled !== false;
  const activeBefore = activeSteps(steps.slice(0, editing));
  // A touch-up brush (remove background's) draws on its result while its settings are open.
  const touchingUp = brush.on && editingMeta?.overlay === "touch-up" && editingStep?.enabled !== false;
  const strokes = ((editingStep?.params?.strokes as BrushStroke[] | undefined) ?? []);
  const setStrokes = (next: BrushStroke[]) => dispatch({ type: "update", index: editing, params: { strokes: next } });
  useRerunOnStrokes(heavyKey, approved, setApproved);
  const { preview } = usePreview(source, live && photo.opened ? (cropMode ? activeBefore : active) : undefined, maxSide);

  const key = source && conversionKey(source, active, choice, attachments);
  const current = Boolean(result && result.key === key);
  const gallery = useGallerySave(user, source, active, result, conversion.busy || !current, autoSave);
  const busy = conversion.busy || (runApproved && Boolean(source) && !current && !error);
  const showPreview = Boolean(preview) && (cropMode || !current);
  const effective = effectiveFormat(source, choice.format, active);
  // The part of the original the result shows: the compare lays it under the result.
  const region = useMemo(() => shownRegion(active), [active]);
  const compare = useCompare(source, active, choice, effective, current ? result : undefined, live && Boolean(photo.opened));

  const undo = useCallback(() => dispatch({ type: "undo" }), []);
  const redo = useCallback(() => dispatch({ type: "redo" }), []);
  useUndoShortcuts(undo, redo);

  const take = useCallback(async (file: File, keepSteps: boolean) => {
    const bytes = await file.arrayBuffer();
    setNotice(undefined);
    setRefused(undefined);
    setPendingFile(undefined);
    if (!keepSteps) dispatch({ type: "clear" });
    setSource((old) => {
      if (old) URL.revokeObjectURL(old.url);
      return { id: crypto.randomUUID(), name: file.name, bytes, url: URL.createObjectURL(file) };
    });
  }, []);
  // A new photo with steps already made asks whether they carry over; a file that is no photo is
  // refused first, by its bytes, so the question is never asked about a PDF.
  const open = useCallback(async (file: File | undefined) => {
    if (!file) return;
    const why = refusal(file.name, new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()), Boolean(source));
    setRefused(why);
    if (why) return;
    if (steps.length) setPendingFile(file);
    else void take(file, true);
  }, [source, steps.length, take]);

  // Paste an image from anywhere on the page.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
      if (file) void open(file);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [open]);

  const heavy = [...new Set(active.filter((s) => isHeavy(s.converter)).map((s) => byId.get(s.converter)!))];
  const made = current && result ? { quality: result.quality, fits: result.fits, bytes: result.blob.size } : undefined;
  const baseName = source?.name.replace(/\.[^.]+$/, "") || "image";
  const shrunk = photo.opened?.shrunkFrom;
  const resultPixels = preview ? preview.full.width * preview.full.height : result ? result.width * result.height : photo.opened && photo.opened.width * photo.opened.height;
  const select = (i: number) => {
    setSelected(i);
    setCropping(overlayOf(steps[i]?.converter) === "crop-box");
    setFocusRequest((n) => n + 1);
  };
  const cropBox = editingMeta?.overlay === "crop-box" && editingStep ? ({ ...editingMeta?.defaults, ...editingStep.params } as unknown as CropBox) : undefined;
  const imageAspect = preview ? preview.full.width / preview.full.height : 1;
  const ratio = (name: AspectName) => aspectRatio(name, imageAspect);

  return (
    <main className="editor" data-ready={ready} onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); void open(e.dataTransfer.files[0]); }}>
      <div className="editor-bar">
        <label className="picker">
          {source ? "Open" : "Choose image"}
          <input type="file" accept="image/*" aria-label="Choose image" onChange={(e) => { void open(e.target.files?.[0]); e.target.value = ""; }} />
        </label>
        <label className="picker secondary take-photo" title="Take photo">
          <Icon name="camera" />
          <span className="label">Take photo</span>
          <input type="file" accept="image/*" capture="environment" onChange={(e) => { void open(e.target.files?.[0]); e.target.value = ""; }} />
        </label>
        <OutputActions result={result} current={current} baseName={baseName} originalName={source?.name} />
        <SaveToGallery user={user} gallery={gallery} />
      </div>

      {refused && (
        <div role="alert" className="keep-steps refused">
          <p>{refused}</p>
          <button type="button" onClick={() => setRefused(undefined)}>
            OK
          </button>
        </div>
      )}
      {pendingFile && (
        <div role="alertdialog" aria-label="Keep the steps?" className="keep-steps">
          <p>Apply the same {steps.length === 1 ? "step" : `${steps.length} steps`} to {pendingFile.name}?</p>
          <button type="button" className="primary" onClick={() => void take(pendingFile, true)}>
            Keep steps
          </button>
          <button type="button" onClick={() => void take(pendingFile, false)}>
            Start afresh
          </button>
          <button type="button" onClick={() => setPendingFile(undefined)}>
            Cancel
          </button>
        </div>
      )}

      <div className="workspace">
        {source && !blocked ? (
          <Stage
            original={source.url}
            result={result}
            other={compare.other}
            captions={compare.captions}
            preview={preview}
            showPreview={showPreview}
            busy={busy || compare.busy}
            region={region}
            overlay={
              cropMode && cropBox
                ? (rect, scale) => <CropOverlay rect={rect} scale={scale} box={cropBox} aspect={ratio(aspect)} onChange={(box) => dispatch({ type: "update", index: editing, params: { ...box } })} />
                : touchingUp && result
                  ? (rect) => <BrushOverlay rect={rect} mode={brush.mode} size={brush.size} onStroke={(stroke) => setStrokes([...strokes, stroke])} />
                  : undefined
            }
            overlayOnResult={!cropMode && touchingUp}
            toolbar={
              <>
                <button type="button" aria-label="Undo" onClick={undo} disabled={!pipeline.past.length} title="Undo (Ctrl+Z)">
                  ↶<span className="label"> Undo</span>
                </button>
                <button type="button" aria-label="Redo" onClick={redo} disabled={!pipeline.future.length} title="Redo (Ctrl+Shift+Z)">
                  ↷<span className="label"> Redo</span>
                </button>
                {cropMode && <span className="muted hint">Drag the handles to crop</span>}
              </>
            }
            footer={current && result && source && !cropMode && <SizeChange before={source.bytes.byteLength} result={result} />}
          />
        ) : (
          <section className="dropzone" aria-label="Photo" aria-busy="false">
            {photo.error ? <p className="error">{photo.error}</p> : <p>Choose a photo, take one, drop it here or paste it. It is edited on this device.</p>}
          </section>
        )}

        <aside className="panel" aria-label="Edit">
          {!isolated && (
            <p role="alert" className="error">
              This page is not cross-origin isolated, so the on-device image engine cannot start; conversions run on the server instead.
            </p>
          )}
          {(photo.error ?? error) && (
            <p role="alert" className="error">
              {photo.error ?? error}
            </p>
          )}
          {notice && (
            <p role="alert" className="error">
              {notice}
            </p>
          )}
          {shrunk && photo.opened && (
            <p role="status" className="notice">
              This photo has {shrunk.width}×{shrunk.height} pixels, over the limit: it is edited at {photo.opened.width}×{photo.opened.height}.
            </p>
          )}
          {source && heavy.length > 0 && (
            <HeavyRun bytes={source.bytes} steps={active} heavy={heavy} converters={byId} where={where} heavyMode={heavyMode} pending={!runApproved && !blocked} onRun={() => setApproved(heavyKey)} onChooseServer={() => setHeavyMode("auto")} />
          )}
          <HeavyProgress {...conversion} notify={<NotifyButton />} />

          <section className="pipeline" aria-label="Pipeline" ref={pipelineRef}>
            <h2>Steps</h2>
            <StepList steps={steps} selected={editing} converters={byId} onSelect={select} dispatch={dispatch} />
            {plain && !blocked && <DownloadNote download={plain} fileName={source!.name} />}
            {editingStep && editingMeta && (
              <div data-step-settings className="step-settings">
                <ParamControls converter={editingMeta} values={editingStep.params ?? {}} onChange={(params) => dispatch({ type: "update", index: editing, params })}>
                  {editingMeta.overlay === "crop-box" && live && (
                    <CropTools
                      aspect={aspect}
                      cropping={cropMode}
                      onCropping={setCropping}
                      onAspect={(name) => {
                        setAspect(name);
                        const r = ratio(name);
                        if (r && cropBox) dispatch({ type: "update", index: editing, params: { ...roundBox(fitInside(cropBox, r, imageAspect)) } });
                      }}
                    />
                  )}
                  {editingMeta.overlay === "touch-up" && <TouchUp brush={brush} onBrush={setBrush} strokes={strokes} onStrokes={setStrokes} />}
                  <AttachmentChooser converter={editingMeta} values={editingStep.params ?? {}} attachments={attachments} onAttach={(field, file) => setAttachments((old) => ({ ...old, [field]: file }))} />
                </ParamControls>
              </div>
            )}
            {steps.length > 0 && (
              <button type="button" onClick={() => dispatch({ type: "clear" })}>
                Clear all steps
              </button>
            )}
          </section>

          <OutputSettings choice={choice} effective={effective} made={made} pixels={resultPixels} onChange={setChoice} />
          {source && !blocked && (
            <CompareSettings {...compare.settings} />
          )}
          {source && !blocked && <Histogram pixels={live ? preview : undefined} image={live ? undefined : result} />}

          <nav className="converters" aria-label="Converters">
            <h2>Add a step</h2>
            {converters.map((c) => (
              <button
                key={c.id}
                type="button"
                title={c.description}
                disabled={!source || blocked}
                onClick={() => {
                  // Neutral values where the converter has them: adding a step changes nothing yet.
                  dispatch({ type: "add", step: { converter: c.id, params: { ...c.defaults, ...c.initial } } });
                  setSelected(undefined);
                  setCropping(c.overlay === "crop-box");
                  setFocusRequest((n) => n + 1);
                }}
              >
                {c.name}
              </button>
            ))}
          </nav>


          <fieldset className="where">
            <legend>Where it runs</legend>
            <label>
              Run on
              <select value={where} onChange={(e) => setWhere(e.target.value as Where)}>
                <option value="device" disabled={!isolated}>
                  This device
                </option>
                <option value="server">Server</option>
              </select>
            </label>
            <p className="muted">
              {where === "server"
                ? "The photo is uploaded for each run, shrunk first when the steps use less of it."
                : "The photo leaves this device only if you choose the server for heavy steps, and then only for their runs."}
            </p>
            {where === "device" && <HeavyPlacement steps={active} mode={heavyMode} onChange={setHeavyMode} />}
          </fieldset>

          <AutoSaveSetting user={user} on={autoSave} onChange={setAutoSave} />
          <Suspense fallback={null}>
            <Batch steps={active} choice={choice} where={where} heavyOnDevice={heavyMode === "device"} />
          </Suspense>
          <p className="muted panel-foot">
            <a href="/status">Service status</a> · <a href="/api/docs">API</a>
          </p>
        </aside>
      </div>
    </main>
  );
}
