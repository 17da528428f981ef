// Undo/redo across the editing session (placemark's model): every edit is one step holding the grids
// before and after it; undo replays `before`, redo replays `after`, both through the same write path as
// the edit itself. A grid the server recreates comes back with a new id, which every step learns.
import type { PlanGrid } from './plan.api.ts';

export interface EditStep {
  note: string;
  /** the grids the step touched, as they were before it (absent: the step created them) */
  before: PlanGrid[];
  /** the same grids after it (absent: the step removed them) */
  after: PlanGrid[];
}

export class EditHistory {
  private undoStack: EditStep[] = [];
  private redoStack: EditStep[] = [];

  constructor(private readonly limit = 200) {}

  record(step: EditStep): void {
    this.undoStack.push(step);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  peekUndo(): EditStep | undefined {
    return this.undoStack.at(-1);
  }

  peekRedo(): EditStep | undefined {
    return this.redoStack.at(-1);
  }

  /** moves the newest step to the redo stack once its undo was saved */
  undone(): void {
    const step = this.undoStack.pop();
    if (step) this.redoStack.push(step);
  }

  redone(): void {
    const step = this.redoStack.pop();
    if (step) this.undoStack.push(step);
  }

  /** a grid recreated by undo or redo has a new id: older and newer steps must name it so */
  renameGrid(from: number, to: number): void {
    const rename = (g: PlanGrid): PlanGrid => (g.id === from ? { ...g, id: to, properties: { ...g.properties, id: to } } : g);
    for (const step of [...this.undoStack, ...this.redoStack]) {
      step.before = step.before.map(rename);
      step.after = step.after.map(rename);
    }
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  get notes(): { undo: string[]; redo: string[] } {
    return { undo: this.undoStack.map((s) => s.note), redo: this.redoStack.map((s) => s.note) };
  }
}

/** What replaying a step towards `target` asks of the server, given the grids the plan holds now. */
export interface Replay {
  change: PlanGrid[];
  remove: PlanGrid[];
  create: PlanGrid[];
}

export function replayPlan(source: readonly PlanGrid[], target: readonly PlanGrid[], exists: (id: number) => boolean): Replay {
  const targetIds = new Set(target.map((g) => g.id));
  return {
    change: target.filter((g) => exists(g.id)),
    create: target.filter((g) => !exists(g.id)),
    remove: source.filter((g) => !targetIds.has(g.id) && exists(g.id)),
  };
}
