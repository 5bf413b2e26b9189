import { expect, test } from "vitest";
import { initialPipeline, pipelineReducer } from "./pipeline-state";

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
