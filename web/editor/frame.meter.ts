// Frame time while dragging, measured inside the page: the interval between consecutive animation
// frames from the first pointer move of a drag to the drop (performance.mark/measure; 16.7 ms is 60 fps,
// 33 ms is 30 fps). A frame that recomputes and redraws too much shows as a long interval. The samples
// sit on window for the benchmark to read.
declare global {
  interface Window {
    __editorFrames?: number[];
    /** milliseconds of the editor's own work per pointer move (the shared-vertex move and the source update) */
    __editorDragWork?: number[];
  }
}

const MARK = 'editor-drag-frame-start';
let running = false;

function tick(): void {
  if (!running) return;
  const measure = performance.measure('editor-drag-frame', MARK);
  (window.__editorFrames ??= []).push(measure.duration);
  performance.clearMeasures('editor-drag-frame');
  performance.mark(MARK);
  requestAnimationFrame(tick);
}

/** called on every pointer move of a drag; starts the frame loop on the first */
export function dragFrame(): void {
  if (running) return;
  running = true;
  performance.mark(MARK);
  requestAnimationFrame(tick);
}

export function dragEnded(): void {
  running = false;
  performance.clearMarks(MARK);
}

export function recordDragWork(ms: number): void {
  (window.__editorDragWork ??= []).push(ms);
}
