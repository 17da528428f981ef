// Drag frame time, measured inside the page: from a pointer move's edit to the end of the frame that
// shows it (performance.mark/measure). The samples sit on window for the benchmark to read.
declare global {
  interface Window {
    __editorFrames?: number[];
    /** milliseconds of the editor's own work per pointer move (the shared-vertex move and the source update) */
    __editorDragWork?: number[];
  }
}

const MARK = 'editor-drag-move';
let pending = false;

/** called when a drag changes the map; the next animation frame closes the measure */
export function markDragFrame(): void {
  if (pending) return;
  pending = true;
  performance.mark(MARK);
  requestAnimationFrame(() => {
    // the frame after the one that painted the change: its start is when the paint finished
    requestAnimationFrame(() => {
      pending = false;
      const measure = performance.measure('editor-drag-frame', MARK);
      (window.__editorFrames ??= []).push(measure.duration);
      performance.clearMarks(MARK);
      performance.clearMeasures('editor-drag-frame');
    });
  });
}

export function recordDragWork(ms: number): void {
  (window.__editorDragWork ??= []).push(ms);
}
