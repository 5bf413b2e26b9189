import { expect, test } from "vitest";
import { activeSteps, initialPipeline, pipelineReducer } from "./pipeline-state";

test("add, update, undo and redo walk the history exactly", () => {
  let s = pipelineReducer(initialPipeline, { type: "add", step: { converter: "grayscale", params: {} } });
  s = pipelineReducer(s, { type: "add", step: { converter: "rotate", params: { angle: 90 } } });
  s = pipelineReducer(s, { type: "update", index: 1, params: { angle: 180 } });
  expect(s.present.map((x) => x.params)).toEqual([{}, { angle: 180 }]);
  s = pipelineReducer(s, { type: "undo" });
  expect(s.present[1]!.params).toEqual({ angle: 90 });
  s = pipelineReducer(s, { type: "undo" });
  expect(s.present).toHaveLength(1);
  s = pipelineReducer(s, { type: "redo" });
  s = pipelineReducer(s, { type: "redo" });
  expect(s.present[1]!.params).toEqual({ angle: 180 });
  expect(pipelineReducer(s, { type: "redo" })).toBe(s);
});

test("a new edit after undo drops the redo branch", () => {
  let s = pipelineReducer(initialPipeline, { type: "add", step: { converter: "invert" } });
  s = pipelineReducer(s, { type: "undo" });
  s = pipelineReducer(s, { type: "add", step: { converter: "sepia" } });
  expect(s.future).toEqual([]);
  expect(s.present.map((x) => x.converter)).toEqual(["sepia"]);
  s = pipelineReducer(s, { type: "remove", index: 0 });
  expect(s.present).toEqual([]);
});

test("one slider drag is one history entry; another control starts a new one", () => {
  let s = pipelineReducer(initialPipeline, { type: "add", step: { converter: "sharpen", params: { sigma: 1, amount: 1 } } });
  for (const sigma of [1.5, 2, 2.5, 3]) s = pipelineReducer(s, { type: "update", index: 0, params: { sigma } });
  s = pipelineReducer(s, { type: "update", index: 0, params: { amount: 2 } });
  expect(s.past).toHaveLength(3);
  s = pipelineReducer(s, { type: "undo" });
  expect(s.present[0]!.params).toEqual({ sigma: 3, amount: 1 });
  s = pipelineReducer(s, { type: "undo" });
  expect(s.present[0]!.params).toEqual({ sigma: 1, amount: 1 });
});

test("move reorders, enable switches a step off and on, and activeSteps runs only the ones on", () => {
  let s = pipelineReducer(initialPipeline, { type: "add", step: { converter: "grayscale" } });
  s = pipelineReducer(s, { type: "add", step: { converter: "rotate", params: { angle: 90 } } });
  s = pipelineReducer(s, { type: "add", step: { converter: "invert" } });
  s = pipelineReducer(s, { type: "move", from: 2, to: 0 });
  expect(s.present.map((x) => x.converter)).toEqual(["invert", "grayscale", "rotate"]);
  expect(pipelineReducer(s, { type: "move", from: 0, to: 3 })).toBe(s);
  s = pipelineReducer(s, { type: "enable", index: 1, enabled: false });
  expect(activeSteps(s.present)).toEqual([{ converter: "invert" }, { converter: "rotate", params: { angle: 90 } }]);
  s = pipelineReducer(s, { type: "enable", index: 1, enabled: true });
  expect(s.present[1]).toEqual({ converter: "grayscale" });
  s = pipelineReducer(s, { type: "undo" });
  expect(s.present[1]!.enabled).toBe(false);
});

test("restore brings back the history that was saved", () => {
  const s = pipelineReducer(initialPipeline, { type: "restore", steps: [{ converter: "invert" }], past: [[]], future: [] });
  expect(pipelineReducer(s, { type: "undo" }).present).toEqual([]);
});
