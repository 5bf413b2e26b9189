import type { Step } from "../../converters/engine/pipeline";

/** A step as the editor holds it: it can be switched off without being removed. */
export interface EditorStep extends Step {
  /** Absent means on. */
  enabled?: boolean;
}

/** The pipeline with its history: every edit is a new present, so undo and redo are exact. */
export interface PipelineState {
  past: EditorStep[][];
  present: EditorStep[];
  future: EditorStep[][];
  /**
   * The param being dragged (`index:key`): further moves of the same control replace the
   * present instead of adding history, so one Ctrl+Z undoes one slider drag, not one pixel.
   */
  editing?: string;
}

export type PipelineAction =
  | { type: "add"; step: EditorStep }
  | { type: "update"; index: number; params: Record<string, unknown> }
  | { type: "remove"; index: number }
  | { type: "move"; from: number; to: number }
  | { type: "enable"; index: number; enabled: boolean }
  | { type: "clear" }
  | { type: "undo" }
  | { type: "redo" }
  /** A saved session comes back (after a reload), with its history when it was kept. */
  | { type: "restore"; steps: EditorStep[]; past?: EditorStep[][]; future?: EditorStep[][] };

export const initialPipeline: PipelineState = { past: [], present: [], future: [] };

const HISTORY_LIMIT = 100;

function commit(state: PipelineState, present: EditorStep[], editing?: string): PipelineState {
  return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present, future: [], editing };
}

/** The steps that run: the ones switched on, without the editor's own fields. */
export function activeSteps(steps: EditorStep[]): Step[] {
  return steps.filter((s) => s.enabled !== false).map(({ converter, params }) => (params ? { converter, params } : { converter }));
}

export function pipelineReducer(state: PipelineState, action: PipelineAction): PipelineState {
  switch (action.type) {
    case "add":
      return commit(state, [...state.present, action.step]);
    case "update": {
      const editing = `${action.index}:${Object.keys(action.params).sort().join(",")}`;
      const present = state.present.map((s, i) => (i === action.index ? { ...s, params: { ...s.params, ...action.params } } : s));
      return state.editing === editing ? { ...state, present } : commit(state, present, editing);
    }
    case "remove":
      return commit(state, state.present.filter((_, i) => i !== action.index));
    case "move": {
      const { from, to } = action;
      if (from === to || from < 0 || to < 0 || from >= state.present.length || to >= state.present.length) return state;
      const present = [...state.present];
      present.splice(to, 0, ...present.splice(from, 1));
      return commit(state, present);
    }
    case "enable":
      return commit(
        state,
        state.present.map((s, i) => (i !== action.index ? s : action.enabled ? { converter: s.converter, ...(s.params && { params: s.params }) } : { ...s, enabled: false })),
      );
    case "clear":
      return state.present.length ? commit(state, []) : state;
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] };
    }
    case "redo": {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: rest };
    }
    case "restore":
      return { past: (action.past ?? []).slice(-HISTORY_LIMIT), present: action.steps, future: (action.future ?? []).slice(0, HISTORY_LIMIT) };
  }
}
