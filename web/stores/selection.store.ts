// The selected grid: which level a click picks, which grid is selected and its details from the API.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { fetchGrid, type GridDetail, type GridLevel } from '../api/grid.api.ts';
import { defaultPickLevel } from '../map/grid.layers.ts';

export const useSelectionStore = defineStore('selection', () => {
  const level = ref<GridLevel>(defaultPickLevel);
  const gridId = ref<number | null>(null);
  const grid = ref<GridDetail | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let inFlight: AbortController | null = null;

  /** Selects a grid (null clears); a later selection cancels an earlier one still loading. */
  async function select(id: number | null): Promise<void> {
    inFlight?.abort();
    inFlight = null;
    gridId.value = id;
    grid.value = null;
    error.value = null;
    loading.value = id !== null;
    if (id === null) return;
    const request = (inFlight = new AbortController());
    try {
      const detail = await fetchGrid(id, request.signal);
      if (request === inFlight) grid.value = detail;
    } catch (e) {
      if (request === inFlight) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (request === inFlight) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  function setLevel(next: GridLevel): void {
    if (next === level.value) return;
    level.value = next;
    void select(null);
  }

  return { level, gridId, grid, loading, error, select, setLevel };
});
