import type { Step } from "../../converters/pipeline";

/** The pipeline with its history: every edit is a new present, so undo and redo are exact. */
export interface PipelineState {
  past: Step[][];
  present: Step[];
  future: Step[][];
}

export type PipelineAction =
  | { type: "add"; step: Step }
  | { type: "update"; index: number; params: Record<string, unknown> }
  | { type: "remove"; index: number }
  | { type: "clear" }
  | { type: "undo" }
  | { type: "redo" }
  /** A saved session comes back (after a reload): its steps, with no history. */
  | { type: "restore"; steps: Step[] };

export const initialPipeline: PipelineState = { past: [], present: [], future: [] };

const HISTORY_LIMIT = 100;

function commit(state: PipelineState, present: Step[]): PipelineState {
  return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present, future: [] };
}

export function pipelineReducer(state: PipelineState, action: PipelineAction): PipelineState {
  switch (action.type) {
    case "add":
      return commit(state, [...state.present, action.step]);
    case "update":
      return commit(
        state,
        state.present.map((s, i) => (i === action.index ? { ...s, params: { ...s.params, ...action.params } } : s)),
      );
    case "remove":
      return commit(state, state.present.filter((_, i) => i !== action.index));
    case "clear":
      return state.present.length ? commit(state, []) : state;
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] };
    }
    case "restore":
      return { past: [], present: action.steps, future: [] };
    case "redo": {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: rest };
    }
  }
}
