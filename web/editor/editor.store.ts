// The planner's editing session: the open plan and community, the plan's grids there, the selection,
// validation issues, household balance, locks, undo/redo and conflicts. Every edit reaches the server
// through one write path (applyEdit: the step's grids, each with the version it was made against), and
// records one undo step; undo and redo replay steps through the same path.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { LineString, Polygon } from 'geojson';
import type { Issue } from '../../server/geometry/coverage.types.ts';
import { multiPolygonAreaM2 } from '../../server/geometry/area.geodesic.ts';
import { gridBalance, defaultTargetHouseholds } from '../../server/geometry/balance.ts';
import { polygonsOf } from '../../server/geometry/topology.shared-vertex.ts';
import {
  ApiFailure, StaleEdit, changeGrids, createGrid, createPlan, deleteGrid, fetchDiff, fetchPlan, fixPlan, listCommunities, listPlans, listWorkers,
  mergeGrids, publishPlan, reassignBuildings, splitGrid, validatePlan, type Plan, type PlanDiff, type PlanGrid, type StaffOption,
} from './plan.api.ts';
import { EditHistory, replayPlan, type EditStep } from './edit.history.ts';
import { LocalCheck } from './local.check.ts';
import type { LiveFacts } from './live.counts.ts';
import { et, type EditorKey } from './editor.i18n.ts';

export type Tool = 'select' | 'draw' | 'split' | 'reassign';

export interface Conflict {
  note: string;
  gridIds: number[];
  current: PlanGrid[];
  reapply(): Promise<void>;
}

export interface PublishState {
  refused: Issue[] | null;
  generation: number | null;
  message: string | null;
}

/** community (1) → grid (2) → building group (3): a street plan's community is read down to here */
const deepestLevel = 3;
const fewParents = 4;

export const balanceLevel = 2;

const lockKey = (planId: number) => `wangge.editor.locks.${planId}`;

export const useEditorStore = defineStore('editor', () => {
  const plans = ref<Plan[]>([]);
  const communities = ref<Array<{ id: number; code: string; name: string }>>([]);
  const workers = ref<StaffOption[]>([]);
  const plan = ref<Plan | null>(null);
  const diff = ref<PlanDiff | null>(null);
  const communityId = ref<number | null>(null);
  const grids = shallowRef(new Map<number, PlanGrid>());
  const editLevel = ref(3);
  const tool = ref<Tool>('select');
  const detach = ref(false);
  const selected = ref<number[]>([]);
  const issues = shallowRef<Issue[]>([]);
  /** households and area of the grids a drag is reshaping, until the edit is saved */
  const live = shallowRef(new Map<number, LiveFacts>());
  const serverIssues = shallowRef<Issue[] | null>(null);
  const target = ref(defaultTargetHouseholds);
  const colourByBalance = ref(true);
  const locked = ref(new Set<number>());
  const saving = ref(0);
  const loading = ref(false);
  /** the latest note for the planner: a message key (shown in the current language) or the server's own words */
  const note = ref<{ key: EditorKey; params?: Record<string, string | number> } | { text: string } | null>(null);
  const message = computed(() => (note.value === null ? null : 'text' in note.value ? note.value.text : et(note.value.key, note.value.params)));
  const editable = computed(() => plan.value?.status === 'draft');
  const conflict = ref<Conflict | null>(null);
  const publishState = ref<PublishState | null>(null);
  /** bumps when the history changes, so canUndo/canRedo stay reactive */
  const historyTick = ref(0);
  /** a place the map should show (an issue clicked in the list) */
  const focus = ref<{ bbox: [number, number, number, number]; at: number } | null>(null);
  const history = new EditHistory();
  let check: LocalCheck | null = null;

  const gridList = computed(() => [...grids.value.values()]);
  /** households are balanced among the grids (网格, level 2): one worker each, about 300 households */
  const balancedGrids = computed(() => gridList.value.filter((g) => g.properties.level === balanceLevel));
  const balance = computed(() => gridBalance(balancedGrids.value.map((g) => ({ id: g.id, households: g.properties.households })), target.value));
  const selectedGrids = computed(() => selected.value.map((id) => grids.value.get(id)).filter((g): g is PlanGrid => !!g));
  const canUndo = computed(() => historyTick.value >= 0 && history.canUndo);
  const canRedo = computed(() => historyTick.value >= 0 && history.canRedo);
  const undoNotes = computed(() => (historyTick.value >= 0 ? history.notes : { undo: [], redo: [] }));
  const errors = computed(() => issues.value.filter((i) => i.severity === 'error'));

  let diffTimer: ReturnType<typeof setTimeout> | undefined;
  /** the diff against the published grids, a moment after the last save */
  function refreshDiff(): void {
    clearTimeout(diffTimer);
    diffTimer = setTimeout(() => {
      if (plan.value) fetchDiff(plan.value.id).then((d) => (diff.value = d), () => undefined);
    }, 500);
  }

  function say(key: EditorKey, params?: Record<string, string | number>): void {
    note.value = { key, params };
  }

  function fail(err: unknown): void {
    note.value = { key: 'error.generic', params: { message: err instanceof Error ? err.message : String(err) } };
  }

  async function loadLists(): Promise<void> {
    try {
      [plans.value, communities.value] = await Promise.all([listPlans(), listCommunities()]);
    } catch (err) {
      fail(err);
    }
    listWorkers().then((w) => (workers.value = w), () => (workers.value = []));
  }

  async function newPlan(name: string, scopeGridId: number | null): Promise<number | null> {
    try {
      const created = await createPlan(name, scopeGridId);
      plans.value = [created, ...plans.value];
      return created.id;
    } catch (err) {
      fail(err);
      return null;
    }
  }

  /** Opens a plan at a community: a community plan opens at its scope (one request); a street plan at the community chosen. */
  async function open(planId: number, community?: number): Promise<void> {
    loading.value = true;
    try {
      const head = await fetchPlan(planId, { level: 1 });
      plan.value = head;
      diff.value = head.diff;
      const root = head.scope_grid_id ?? community ?? head.gridList[0]?.id ?? null;
      communityId.value = root;
      const loaded = head.scope_grid_id !== null ? (await fetchPlan(planId, { diff: false })).gridList : root === null ? [] : await subtree(planId, head.gridList.find((g) => g.id === root));
      grids.value = new Map(loaded.map((g) => [g.id, g]));
      check = new LocalCheck(loaded, { target_households: target.value });
      issues.value = check.issues;
      serverIssues.value = null;
      selected.value = [];
      history.clear();
      historyTick.value++;
      locked.value = new Set(JSON.parse(localStorage.getItem(lockKey(planId)) ?? '[]') as number[]);
      note.value = null;
    } catch (err) {
      fail(err);
    } finally {
      loading.value = false;
    }
  }

  /**
   * A community of a street plan and the grids under it, level by level: few parents are asked one by
   * one; many (a community's 20-odd grids) are answered by one request for the whole level, filtered
   * here — every plan read also computes the plan's diff on the server, so fewer reads open faster.
   */
  async function subtree(planId: number, root: PlanGrid | undefined): Promise<PlanGrid[]> {
    if (!root) return [];
    const all: PlanGrid[] = [root];
    let parents = [root];
    while (parents.length && parents[0].properties.level < deepestLevel) {
      const ids = new Set(parents.map((p) => p.id));
      const children =
        parents.length <= fewParents
          ? (await Promise.all(parents.map((parent) => fetchPlan(planId, { parent: parent.id, diff: false }).then((p) => p.gridList)))).flat()
          : (await fetchPlan(planId, { level: parents[0].properties.level + 1, diff: false })).gridList.filter((g) => ids.has(g.properties.parent_id!));
      all.push(...children);
      parents = children;
    }
    return all;
  }

  function put(list: readonly PlanGrid[], removed: readonly number[] = []): void {
    if (live.value.size) live.value = new Map();
    const next = grids.value;
    for (const id of removed) next.delete(id);
    for (const g of list) next.set(g.id, g);
    triggerRef(grids);
  }

  function revalidate(changed: readonly PlanGrid[], removed: readonly number[] = []): void {
    if (!check) return;
    issues.value = check.apply(changed, removed);
  }

  /** The one write path: bring the server from `source` to `target` (both lists of grids), versions as the store holds them. */
  async function applyEdit(note: string, source: PlanGrid[], targetGrids: PlanGrid[], options: { record: boolean; versions?: Map<number, number> }): Promise<boolean> {
    const planId = plan.value!.id;
    const exists = (id: number) => grids.value.has(id);
    const versionOf = (id: number) => options.versions?.get(id) ?? grids.value.get(id)!.properties.version;
    const replay = replayPlan(source, targetGrids, exists);
    const before = [...replay.change, ...replay.remove].map((g) => grids.value.get(g.id)!);
    // optimistic: the map shows the edit at once; the server's answer replaces it
    put(replay.change.map((g) => ({ ...g, properties: { ...g.properties, version: grids.value.get(g.id)!.properties.version } })));
    revalidate(replay.change);
    saving.value++;
    try {
      const saved: PlanGrid[] = [];
      if (replay.change.length) {
        saved.push(...(await changeGrids(planId, replay.change.map((g) => ({
          id: g.id, version: versionOf(g.id), geometry: g.geometry, name: g.properties.name, code: g.properties.code, worker_id: g.properties.worker_id,
        })), note)));
      }
      for (const g of replay.remove) await deleteGrid(planId, g.id, versionOf(g.id));
      const created: PlanGrid[] = [];
      for (const g of replay.create) {
        const made = await createGrid(planId, { parent_id: g.properties.parent_id!, geometry: g.geometry, name: g.properties.name, code: g.properties.code, worker_id: g.properties.worker_id });
        if (made.id !== g.id) history.renameGrid(g.id, made.id);
        created.push(made);
      }
      put([...saved, ...created], replay.remove.map((g) => g.id));
      revalidate([...saved, ...created], replay.remove.map((g) => g.id));
      if (options.record) {
        history.record({ note, before, after: [...saved, ...created] });
        historyTick.value++;
      }
      selected.value = selected.value.filter((id) => grids.value.has(id));
      say('plan.saved');
      refreshDiff();
      return true;
    } catch (err) {
      if (err instanceof StaleEdit) {
        conflict.value = {
          note,
          gridIds: replay.change.map((g) => g.id),
          current: err.current,
          reapply: async () => {
            conflict.value = null;
            const versions = new Map(err.current.map((g) => [g.id, g.properties.version]));
            await applyEdit(note, source, targetGrids, { ...options, versions });
          },
        };
      } else {
        put(before);
        revalidate(before);
        fail(err);
      }
      return false;
    } finally {
      saving.value--;
    }
  }

  /** Reload after a conflict: the server's grids replace ours (the edit is dropped by the planner's choice). */
  function reloadConflict(): void {
    const c = conflict.value;
    if (!c) return;
    const present = c.current.map((g) => g.id);
    const gone = c.gridIds.filter((id) => !present.includes(id));
    put(c.current, gone);
    issues.value = check?.reset(gridList.value) ?? [];
    conflict.value = null;
  }

  /** Moved geometries of a drag (or any reshape) as one step. */
  function reshape(note: string, moved: ReadonlyArray<{ id: number; geometry: PlanGrid['geometry'] }>): Promise<boolean> {
    const source = moved.map((m) => grids.value.get(m.id)!);
    const target = source.map((g, i) => ({ ...g, geometry: moved[i].geometry, properties: { ...g.properties, area_m2: multiPolygonAreaM2(polygonsOf(moved[i].geometry)) } }));
    return applyEdit(note, source, target, { record: true });
  }

  /** An edit the server computes (draw, split, merge, reassign, fix): its answer is the step's `after`. */
  function recordServerEdit(note: string, answer: PlanGrid[], removed: number[] = []): void {
    const before = [...answer.map((g) => g.id), ...removed].map((id) => grids.value.get(id)).filter((g): g is PlanGrid => !!g);
    put(answer, removed);
    revalidate(answer, removed);
    history.record({ note, before, after: answer });
    historyTick.value++;
    say('plan.saved');
    refreshDiff();
  }

  async function guarded<T>(fn: () => Promise<T>): Promise<T | null> {
    saving.value++;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StaleEdit) {
        conflict.value = { note: '', gridIds: err.current.map((g) => g.id), current: err.current, reapply: async () => reloadConflict() };
      } else fail(err);
      return null;
    } finally {
      saving.value--;
    }
  }

  async function drawGrid(parentId: number, geometry: Polygon): Promise<number | null> {
    const made = await guarded(() => createGrid(plan.value!.id, { parent_id: parentId, geometry, name: et('newGrid.name') }));
    if (!made) return null;
    recordServerEdit(et('step.draw'), [made]);
    selected.value = [made.id];
    return made.id;
  }

  async function split(line: LineString): Promise<void> {
    const grid = selectedGrids.value[0];
    if (!grid) return;
    const pieces = await guarded(() => splitGrid(plan.value!.id, grid.id, line, grid.properties.version));
    if (pieces) recordServerEdit(et('step.split'), pieces);
  }

  async function merge(): Promise<void> {
    const ids = selected.value.slice();
    if (ids.length < 2) return;
    const result = await guarded(() => mergeGrids(plan.value!.id, ids));
    if (!result) return;
    recordServerEdit(et('step.merge'), [result.grid], result.removed);
    selected.value = [result.grid.id];
  }

  async function removeSelected(): Promise<void> {
    const doomed = selectedGrids.value.filter((g) => !locked.value.has(g.id));
    if (doomed.length) await applyEdit(et('step.delete'), doomed, [], { record: true });
  }

  async function saveAttributes(id: number, attributes: { name: string; code: string; worker_id: number | null }): Promise<boolean> {
    const g = grids.value.get(id);
    if (!g) return false;
    const worker = workers.value.find((w) => w.staff_id === attributes.worker_id);
    const next: PlanGrid = { ...g, properties: { ...g.properties, ...attributes, worker_name: worker?.name ?? null } };
    return applyEdit(et('step.attributes'), [g], [next], { record: true });
  }

  async function reassign(toGridId: number, what: { building_ids?: number[]; compound_id?: number }): Promise<void> {
    const answer = await guarded(() => reassignBuildings(plan.value!.id, { to_grid_id: toGridId, ...what }));
    if (answer) recordServerEdit(et('step.reassign'), answer);
  }

  /** undo replays a step's `before`, redo its `after`, through the same write path as the edit */
  async function travel(direction: 'undo' | 'redo'): Promise<void> {
    const undoing = direction === 'undo';
    const step: EditStep | undefined = undoing ? history.peekUndo() : history.peekRedo();
    if (!step) return;
    const [from, to] = undoing ? [step.after, step.before] : [step.before, step.after];
    if (!(await applyEdit(step.note, from, to, { record: false }))) return;
    if (undoing) history.undone();
    else history.redone();
    historyTick.value++;
    say(undoing ? 'history.undone' : 'history.redone', { note: step.note });
  }

  async function validateOnServer(): Promise<void> {
    const result = await guarded(() => validatePlan(plan.value!.id));
    if (result) serverIssues.value = result.issues;
  }

  async function applyFixes(): Promise<void> {
    const result = await guarded(() => fixPlan(plan.value!.id));
    if (!result) return;
    const mine = result.changed.filter((g) => grids.value.has(g.id));
    if (mine.length) recordServerEdit(et('step.fix'), mine);
    serverIssues.value = result.validation.issues;
    issues.value = check?.reset(gridList.value) ?? [];
  }

  async function publish(forceReason?: string): Promise<void> {
    publishState.value = { refused: null, generation: null, message: null };
    try {
      const { generation } = await publishPlan(plan.value!.id, forceReason);
      publishState.value = { refused: null, generation, message: null };
      if (plan.value) plan.value = { ...plan.value, status: 'published', published_generation: generation };
    } catch (err) {
      const refused = err instanceof ApiFailure && err.status === 409 && Array.isArray(err.body.issues) ? (err.body.issues as Issue[]) : null;
      publishState.value = { refused, generation: null, message: refused ? null : et('publish.stale', { message: err instanceof Error ? err.message : String(err) }) };
    }
  }

  function toggleLock(id: number): void {
    const next = new Set(locked.value);
    if (!next.delete(id)) next.add(id);
    locked.value = next;
    if (plan.value) localStorage.setItem(lockKey(plan.value.id), JSON.stringify([...next]));
  }

  function select(id: number | null, add = false): void {
    if (id === null) selected.value = [];
    else if (add) selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
    else selected.value = [id];
  }

  function zoomTo(bbox: [number, number, number, number]): void {
    focus.value = { bbox, at: Date.now() };
  }

  return {
    plans, communities, workers, plan, diff, communityId, grids, gridList, balancedGrids, editLevel, tool, detach, selected, selectedGrids,
    issues, live, serverIssues, errors, target, colourByBalance, locked, balance, saving, loading, message, editable, conflict, publishState, focus,
    canUndo, canRedo, undoNotes,
    loadLists, newPlan, open, reshape, drawGrid, split, merge, removeSelected, saveAttributes, reassign, undo: () => travel('undo'), redo: () => travel('redo'),
    validateOnServer, applyFixes, publish, toggleLock, select, zoomTo, reloadConflict, say, fail,
    preview: (id: number, geometry: PlanGrid['geometry']) => check?.preview(id, geometry) ?? [],
  };
});
