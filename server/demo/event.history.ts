// A few hundred historic events (事件) per demo street, walked through the closed loop
// 上报 → 立案 → 派遣 → 处置 → 反馈 → 结案 → 评价 with plausible durations, so the dispatch screen has
// open, overdue and closed work to show. Categories follow GB/T 30428.2 (数字化城市管理 事件分类).
import type { Random } from './seeded.random.ts';
import type { Names } from './chinese.names.ts';
import type { EventLogEntry, EventRow, EventStatus } from './district.types.ts';
import type { Point } from 'geojson';

export const EVENT_CATEGORIES: Record<string, string[]> = {
  市容环境: ['暴露垃圾', '积存垃圾渣土', '道路不洁', '绿地脏乱', '私搭乱建', '废弃家具设备', '乱倒垃圾'],
  宣传广告: ['违法小广告', '违章张贴', '占道广告牌', '街头散发广告', '非法悬挂横幅'],
  施工管理: ['施工扰民', '工地扬尘', '道路遗撒', '违规施工', '施工占道'],
  街面秩序: ['无照经营游商', '占道经营', '店外经营', '机动车乱停放', '非机动车乱停放', '乱堆物料', '露天烧烤'],
  突发事件: ['路面塌陷', '自来水管破裂', '燃气泄漏', '下水道堵塞', '道路积水', '架空线缆脱落', '井盖缺失'],
  其他事件: ['噪音扰民', '邻里纠纷', '宠物扰民', '高空抛物'],
};
const CATEGORY_WEIGHTS: Record<string, number> = { 市容环境: 0.3, 宣传广告: 0.12, 施工管理: 0.1, 街面秩序: 0.28, 突发事件: 0.08, 其他事件: 0.12 };

/** Hours allowed from report to each milestone (arrive 3 h, solve 24 h, feedback 36 h, acceptance 48 h). */
export const SLA_HOURS: Record<string, { arrive: number; solve: number; feedback: number; acceptance: number }> = {
  default: { arrive: 3, solve: 24, feedback: 36, acceptance: 48 },
  突发事件: { arrive: 0.5, solve: 4, feedback: 8, acceptance: 24 },
  施工管理: { arrive: 3, solve: 48, feedback: 60, acceptance: 72 },
};

export const EVENT_LOOP: EventStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'feedback', 'closed', 'evaluated'];

const RESOLUTIONS = ['已清理完毕', '已劝离并教育', '已协调责任单位处置', '已修复', '已拆除', '已规范停放', '已恢复原状'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A place an event can happen: a point strictly inside one building group, with its context. */
export interface EventSite {
  point: Point;
  /** what residents would call the spot: a compound, building or road */
  place: string;
  gridIds: [number, number, number];
  gridName: string;
  workerId: number | null;
  workerName: string | null;
}

export interface EventHistoryInput {
  count: number;
  /** draws a site; the caller owns the geometry */
  site: (r: Random) => EventSite;
  dispatchers: string[];
  names: Names;
  now: Date;
}

/** Hours each step takes: [min, max] for the step into that status. */
const STEP_HOURS: Record<EventStatus, [number, number]> = {
  reported: [0, 0],
  accepted: [0.05, 2],
  dispatched: [0.05, 1],
  in_progress: [0.2, 3.5],
  resolved: [0.5, 30],
  feedback: [0.1, 6],
  closed: [1, 40],
  evaluated: [1, 72],
};

function description(r: Random, place: string, subcategory: string): string {
  const lead = r.pick([`${place}附近`, `${place}门口`, `${place}旁`, `${place}一带`]);
  const tail = r.pick(['，请尽快处理。', '，影响居民出行。', '，已持续多日。', '，居民反映强烈。', '。']);
  return `${lead}${subcategory}${tail}`;
}

export function eventHistory({ count, site, dispatchers, names, now }: EventHistoryInput, r: Random): EventRow[] {
  const categories = Object.keys(EVENT_CATEGORIES);
  const drafts: Array<Omit<EventRow, 'id'>> = [];
  let reporterPhone = 0;
  for (let i = 0; i < count; i++) {
    const category = r.weighted(categories, categories.map((c) => CATEGORY_WEIGHTS[c]));
    const subcategory = r.pick(EVENT_CATEGORIES[category]);
    const source = r.weighted(['app', 'hotline', 'patrol'] as const, [0.4, 0.35, 0.25]);
    const s = site(r);
    // Slightly more recent events than old ones, as a live system accumulates.
    const age = 90 * DAY * Math.pow(r.next(), 1.3);
    const reported = new Date(now.getTime() - age);
    const sla = SLA_HOURS[category] ?? SLA_HOURS.default;
    const due = Object.fromEntries(Object.entries(sla).map(([k, h]) => [k, new Date(reported.getTime() + h * HOUR).toISOString()]));
    const dispatcher = r.pick(dispatchers);
    const worker = s.workerName ?? dispatcher;
    const reporter = source === 'patrol' ? null : { name: names.person(r), phone: `1370000${String(reporterPhone++ % 10000).padStart(4, '0')}` };
    const satisfaction = r.weighted([5, 4, 3, 2, 1], [0.5, 0.3, 0.12, 0.05, 0.03]);
    const actorFor: Record<EventStatus, string> = {
      reported: source === 'app' ? '居民（App）' : source === 'hotline' ? '12345热线' : worker,
      accepted: dispatcher,
      dispatched: dispatcher,
      in_progress: worker,
      resolved: worker,
      feedback: worker,
      closed: dispatcher,
      evaluated: '上报人',
    };
    const noteFor: Record<EventStatus, string> = {
      reported: source === 'patrol' ? '巡查发现' : '收到上报',
      accepted: '核实属实，予以立案',
      dispatched: `派遣至${s.gridName}网格员${worker}`,
      in_progress: '已到达现场处置',
      resolved: r.pick(RESOLUTIONS),
      feedback: reporter ? '已向上报人反馈处置结果' : '已反馈指挥中心',
      closed: '核查属实，予以结案',
      evaluated: `满意度评价：${satisfaction}星`,
    };
    // Patrol finds need no acceptance by a reporter; a few events stall at some step.
    const last = reporter ? EVENT_LOOP.length - 1 : EVENT_LOOP.indexOf('closed');
    const stallAt = r.chance(0.06) ? r.int(1, last) : last + 1;
    const log: EventLogEntry[] = [{ from_status: null, to_status: 'reported', actor: actorFor.reported, note: noteFor.reported, at: reported.toISOString() }];
    let at = reported.getTime();
    let status: EventStatus = 'reported';
    for (let k = 1; k <= last && k < stallAt; k++) {
      const next = EVENT_LOOP[k];
      const [lo, hi] = STEP_HOURS[next];
      const scale = category === '突发事件' && next === 'resolved' ? 0.2 : 1;
      at += r.between(lo, hi) * scale * HOUR;
      if (at > now.getTime()) break;
      log.push({ from_status: status, to_status: next, actor: actorFor[next], note: noteFor[next], at: new Date(at).toISOString() });
      status = next;
    }
    const closedEntry = log.find((l) => l.to_status === 'closed');
    drafts.push({
      category,
      subcategory,
      description: description(r, s.place, subcategory),
      source,
      status,
      geom: s.point,
      grid_ids: [...s.gridIds],
      grid_id: s.gridIds[2],
      worker_id: s.workerId,
      reported_at: reported.toISOString(),
      due,
      closed_at: closedEntry ? closedEntry.at : null,
      satisfaction: status === 'evaluated' ? satisfaction : null,
      reporter,
      log,
    });
  }
  drafts.sort((a, b) => a.reported_at.localeCompare(b.reported_at));
  return drafts.map((d, i) => ({ id: i + 1, ...d }));
}
