// Events in the database: report (idempotent), read, list, move along the loop, find duplicates.
// Reporter contact goes to event_reporter and is never selected here; every write NOTIFYs
// `wangge_event` inside its transaction, so each process's live stream hears it once it is committed.
import type { Db, Queryable } from '../db/db.ts';
import type { GridRepository } from '../grids/grid.repository.ts';
import { HttpError } from '../plugins/errors.plugin.ts';
import type { EventSource } from './event.categories.ts';
import { checkTransition, type Actor, type EventState } from './event.workflow.ts';
import { dueTimes, limitsFor, standing, type Milestone, type TimeLimits } from './time.limits.ts';

export const EVENT_CHANNEL = 'wangge_event';
/** duplicates: the same category this close in space and time */
export const DUPLICATE_METRES = 50;
export const DUPLICATE_HOURS = 24;

export interface ReportInput {
  category: string;
  subcategory?: string | null;
  description: string;
  source: EventSource;
  lon: number;
  lat: number;
  reporter?: { name?: string; phone?: string } | null;
  idempotencyKey?: string;
  photos: string[];
  /** who reports, as the log shows it */
  actor: string;
}

export interface EventView {
  id: number;
  category: string;
  subcategory: string | null;
  description: string;
  source: string;
  status: EventState;
  lon: number;
  lat: number;
  grid_ids: number[];
  grid_id: number | null;
  generation: number | null;
  worker: { id: number; name: string } | null;
  department: string | null;
  reported_at: string;
  updated_at: string;
  closed_at: string | null;
  due: Partial<Record<Milestone, string>>;
  next_due: { milestone: Milestone; at: string } | null;
  overdue: boolean;
  satisfaction: number | null;
  photos: string[];
  merged_into: number | null;
}

export interface LogEntry {
  from_status: string | null;
  to_status: string;
  actor: string;
  note: string | null;
  at: string;
}

export interface EventFilter {
  status?: EventState[];
  category?: string;
  /** a grid at any level: events whose chain contains it */
  grid?: number;
  bbox?: [number, number, number, number];
  from?: Date;
  to?: Date;
  overdue?: boolean;
  /** a grid worker's own events only */
  worker?: number;
}

export interface TransitionInput {
  to: EventState;
  note?: string;
  worker_id?: number;
  department?: string;
  satisfaction?: number;
  original_id?: number;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));

const viewColumns = `e.id, e.category, e.subcategory, e.description, e.source, e.status, ST_X(e.geom) as lon, ST_Y(e.geom) as lat,
  e.grid_ids, e.grid_id, e.generation, e.worker_id, s.name as worker_name, e.department, e.reported_at, e.updated_at,
  e.closed_at, e.due, e.satisfaction, e.photos, e.merged_into`;

// The milestone pending in each state, as SQL (mirrors pendingMilestone in time.limits.ts).
const pendingDueSql = `(case when e.status in ('reported', 'accepted', 'dispatched') then e.due->>'arrive'
  when e.status = 'in_progress' then e.due->>'solve' when e.status = 'resolved' then e.due->>'feedback'
  when e.status = 'feedback' then e.due->>'acceptance' end)::timestamptz`;

export function eventRepository(db: Db, grids: GridRepository, options: { clock: () => Date; limits?: Record<string, TimeLimits> }) {
  const now = () => options.clock();

  function toView(r: Record<string, unknown>, at: Date): EventView {
    const due = (typeof r.due === 'string' ? JSON.parse(r.due) : r.due) as Partial<Record<Milestone, string>>;
    const status = r.status as EventState;
    return {
      id: Number(r.id), category: r.category as string, subcategory: (r.subcategory as string) ?? null,
      description: r.description as string, source: r.source as string, status,
      lon: Number(r.lon), lat: Number(r.lat),
      grid_ids: ((r.grid_ids as unknown[]) ?? []).map(Number), grid_id: r.grid_id == null ? null : Number(r.grid_id),
      generation: r.generation == null ? null : Number(r.generation),
      worker: r.worker_id == null ? null : { id: Number(r.worker_id), name: r.worker_name as string },
      department: (r.department as string) ?? null,
      reported_at: iso(r.reported_at), updated_at: iso(r.updated_at), closed_at: isoOrNull(r.closed_at),
      due, ...standing(status, due, at),
      satisfaction: r.satisfaction == null ? null : Number(r.satisfaction),
      photos: (r.photos as string[]) ?? [], merged_into: r.merged_into == null ? null : Number(r.merged_into),
    };
  }

  async function fetch(q: Queryable, id: number): Promise<EventView | null> {
    const { rows } = await q.query(`select ${viewColumns} from event e left join staff s on s.id = e.worker_id where e.id = $1`, [id]);
    return rows[0] ? toView(rows[0], now()) : null;
  }

  async function notify(q: Queryable, id: number, kind: 'reported' | 'transition'): Promise<void> {
    await q.query('select pg_notify($1, $2)', [EVENT_CHANNEL, JSON.stringify({ id, kind })]);
  }

  return {
    now,

    /**
     * Stores a report with the grid chain and worker in force now (the /api/lookup rule). A repeated
     * Idempotency-Key returns the event the first request stored, and stores nothing: the unique key
     * settles concurrent retries too, since a second insert waits for the first to commit.
     */
    async report(input: ReportInput): Promise<{ event: EventView; created: boolean }> {
      const reportedAt = now();
      const place = await grids.lookup(input.lon, input.lat);
      if (!place.grids.length) {
        throw new HttpError(422, `(${input.lon}, ${input.lat}) lies outside every grid: this service has no jurisdiction there (not stored)`);
      }
      const chain = place.grids.map((g) => g.id);
      const due = dueTimes(reportedAt, limitsFor(input.category, options.limits));
      const id = await db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: number }>(
          `insert into event (category, subcategory, description, source, status, geom, grid_ids, grid_id, worker_id, generation,
                              reported_at, updated_at, due, photos, idempotency_key)
           select $1, $2, $3, $4, 'reported', ST_SetSRID(ST_MakePoint($5, $6), 4326), $7::bigint[], $8,
                  (select g.worker_id from grid g where g.id = any($7::bigint[]) and g.worker_id is not null order by g.level desc limit 1),
                  $9, $10, $10, $11::jsonb, $12::text[], $13
           on conflict (idempotency_key) do nothing
           returning id`,
          [input.category, input.subcategory ?? null, input.description, input.source, input.lon, input.lat, chain, chain[chain.length - 1],
            place.generation, reportedAt, JSON.stringify(due), input.photos, input.idempotencyKey ?? null],
        );
        if (!inserted.rows[0]) return null;
        const id = Number(inserted.rows[0].id);
        const reporter = input.reporter;
        if (reporter && (reporter.name || reporter.phone)) {
          await tx.query('insert into event_reporter (event_id, name, phone) values ($1, $2, $3)', [id, reporter.name ?? null, reporter.phone ?? null]);
        }
        await tx.query('insert into event_log (event_id, from_status, to_status, actor, note, at) values ($1, null, $2, $3, $4, $5)',
          [id, 'reported', input.actor, `来源 source: ${input.source}`, reportedAt]);
        await notify(tx, id, 'reported');
        return id;
      });
      if (id === null) {
        const { rows } = await db.query<{ id: number }>('select id from event where idempotency_key = $1', [input.idempotencyKey]);
        return { event: (await fetch(db, Number(rows[0].id)))!, created: false };
      }
      return { event: (await fetch(db, id))!, created: true };
    },

    get: (id: number) => fetch(db, id),

    async log(id: number): Promise<LogEntry[]> {
      const { rows } = await db.query<LogEntry>('select from_status, to_status, actor, note, at from event_log where event_id = $1 order by at, id', [id]);
      return rows.map((r) => ({ ...r, at: iso(r.at) }));
    },

    async list(filter: EventFilter, page: { limit: number; offset: number }): Promise<{ total: number; items: EventView[] }> {
      const at = now();
      const params: unknown[] = [];
      const bind = (v: unknown) => `$${params.push(v)}`;
      const where: string[] = [];
      if (filter.status?.length) where.push(`e.status = any(${bind(filter.status)}::text[])`);
      if (filter.category) where.push(`e.category = ${bind(filter.category)}`);
      if (filter.grid !== undefined) where.push(`${bind(filter.grid)}::bigint = any(e.grid_ids)`);
      if (filter.bbox) where.push(`e.geom && ST_MakeEnvelope(${filter.bbox.map(bind).join(', ')}, 4326)`);
      if (filter.from) where.push(`e.reported_at >= ${bind(filter.from)}`);
      if (filter.to) where.push(`e.reported_at < ${bind(filter.to)}`);
      if (filter.worker !== undefined) where.push(`e.worker_id = ${bind(filter.worker)}`);
      if (filter.overdue !== undefined) where.push(`coalesce(${pendingDueSql} < ${bind(at)}, false) = ${bind(filter.overdue)}`);
      const clause = where.length ? `where ${where.join(' and ')}` : '';
      const total = await db.query<{ n: number }>(`select count(*)::int as n from event e ${clause}`, params);
      const { rows } = await db.query(
        `select ${viewColumns} from event e left join staff s on s.id = e.worker_id ${clause}
          order by e.reported_at desc, e.id desc limit ${bind(page.limit)} offset ${bind(page.offset)}`,
        params,
      );
      return { total: Number(total.rows[0].n), items: rows.map((r) => toView(r, at)) };
    },

    /** Reports of the same category within 50 m and 24 h of this one (not merged away themselves). */
    async duplicates(id: number): Promise<Array<{ id: number; distance_m: number; reported_at: string; status: string }>> {
      const { rows } = await db.query<{ id: number; distance_m: number; reported_at: Date; status: string }>(
        `select o.id, ST_Distance(o.geom::geography, e.geom::geography) as distance_m, o.reported_at, o.status
           from event e join event o on o.category = e.category and o.id <> e.id and o.status <> 'merged'
            and o.reported_at between e.reported_at - interval '${DUPLICATE_HOURS} hours' and e.reported_at + interval '${DUPLICATE_HOURS} hours'
            and ST_DWithin(o.geom::geography, e.geom::geography, ${DUPLICATE_METRES})
          where e.id = $1
          order by distance_m, o.reported_at`,
        [id],
      );
      return rows.map((r) => ({ id: Number(r.id), distance_m: Math.round(Number(r.distance_m) * 10) / 10, reported_at: iso(r.reported_at), status: r.status }));
    },

    /** One step of the loop, checked by the workflow and written to event_log with actor, time and note. */
    async transition(id: number, input: TransitionInput, actor: Actor & { name: string }): Promise<EventView> {
      const at = now();
      const changed = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: EventState; worker_id: number | null; category: string }>(
          'select status, worker_id, category from event where id = $1 for update', [id]);
        const current = rows[0];
        if (!current) throw new HttpError(404, `no event ${id}`);
        const verdict = checkTransition(current.status, input.to, actor, current.worker_id == null ? null : Number(current.worker_id));
        if (!verdict.allowed) throw Object.assign(new HttpError(verdict.status, verdict.reason), { allowed: verdict.allowed_states });
        const set: string[] = ['status = $2', 'updated_at = $3'];
        const params: unknown[] = [id, input.to, at];
        const bind = (v: unknown) => `$${params.push(v)}`;
        let note = input.note ?? null;
        if (input.to === 'rejected' && !note) throw new HttpError(400, 'rejecting an event needs a note saying why');
        if (input.to === 'dispatched') {
          if (input.worker_id !== undefined) {
            const staff = await tx.query<{ name: string }>('select name from staff where id = $1', [input.worker_id]);
            if (!staff.rows[0]) throw new HttpError(400, `no staff member ${input.worker_id}`);
            set.push(`worker_id = ${bind(input.worker_id)}`, 'department = null');
            note ??= `派遣至${staff.rows[0].name}`;
          } else if (input.department) {
            set.push(`department = ${bind(input.department)}`);
            note ??= `派遣至${input.department}`;
          } else if (current.worker_id == null) {
            throw new HttpError(400, 'this event has no grid worker: dispatch it with worker_id or department');
          } else {
            note ??= '派遣至网格员';
          }
        }
        if (input.to === 'closed') set.push(`closed_at = ${bind(at)}`);
        if (input.to === 'evaluated') {
          if (input.satisfaction === undefined) throw new HttpError(400, 'an evaluation needs satisfaction (1–5)');
          set.push(`satisfaction = ${bind(input.satisfaction)}`);
        }
        if (input.to === 'merged') {
          if (input.original_id === undefined) throw new HttpError(400, 'merging needs original_id, the event this one duplicates');
          if (input.original_id === id) throw new HttpError(400, 'an event cannot be merged into itself');
          const original = await tx.query<{ status: string; category: string }>('select status, category from event where id = $1', [input.original_id]);
          if (!original.rows[0]) throw new HttpError(404, `no event ${input.original_id} to merge into`);
          if (original.rows[0].status === 'merged') throw new HttpError(409, `event ${input.original_id} was itself merged; merge into its original`);
          if (original.rows[0].category !== current.category) throw new HttpError(409, `event ${input.original_id} is ${original.rows[0].category}, not ${current.category}: not a duplicate`);
          set.push(`merged_into = ${bind(input.original_id)}`);
          note ??= `与事件${input.original_id}重复，已合并`;
        }
        await tx.query(`update event set ${set.join(', ')} where id = $1`, params);
        await tx.query('insert into event_log (event_id, from_status, to_status, actor, note, at) values ($1, $2, $3, $4, $5, $6)',
          [id, current.status, input.to, actor.name, note, at]);
        await notify(tx, id, 'transition');
        return true;
      });
      void changed;
      return (await fetch(db, id))!;
    },

    /** Per level-2 grid: counts by category, median hours to close, share overdue (open past due, or closed after acceptance was due). */
    async stats(filter: { from?: Date; to?: Date }): Promise<Array<{ grid_id: number; grid_name: string; total: number; by_category: Record<string, number>; median_hours_to_close: number | null; overdue_rate: number }>> {
      const params: unknown[] = [now()];
      const where = ['e.grid_ids[2] is not null', "e.status <> 'merged'"];
      if (filter.from) where.push(`e.reported_at >= $${params.push(filter.from)}`);
      if (filter.to) where.push(`e.reported_at < $${params.push(filter.to)}`);
      const { rows } = await db.query<{ grid_id: number; grid_name: string; category: string; n: number; median: number | null; overdue: number; grid_total: number; grid_median: number | null; grid_overdue: number }>(
        `with x as (
           select e.grid_ids[2] as grid_id, e.category,
                  extract(epoch from e.closed_at - e.reported_at) / 3600 as hours,
                  (coalesce(${pendingDueSql} < $1, false) or (e.closed_at is not null and e.closed_at > (e.due->>'acceptance')::timestamptz)) as overdue
             from event e where ${where.join(' and ')})
         , per_grid as (
           select grid_id, count(*)::int as grid_total, count(*) filter (where overdue)::int as grid_overdue,
                  percentile_cont(0.5) within group (order by hours) as grid_median -- nulls (still open) are left out
             from x group by grid_id)
         , per_category as (select grid_id, category, count(*)::int as n from x group by grid_id, category)
         select c.grid_id, g.name as grid_name, c.category, c.n, p.grid_total, p.grid_overdue, p.grid_median
           from per_category c join per_grid p using (grid_id) left join grid g on g.id = c.grid_id
          order by c.grid_id, c.category`,
        params,
      );
      const byGrid = new Map<number, { grid_id: number; grid_name: string; total: number; by_category: Record<string, number>; median_hours_to_close: number | null; overdue_rate: number }>();
      for (const r of rows) {
        const gid = Number(r.grid_id);
        let s = byGrid.get(gid);
        if (!s) {
          s = { grid_id: gid, grid_name: r.grid_name, total: Number(r.grid_total), by_category: {},
            median_hours_to_close: r.grid_median == null ? null : Math.round(Number(r.grid_median) * 10) / 10,
            overdue_rate: Math.round((Number(r.grid_overdue) / Number(r.grid_total)) * 1000) / 1000 };
          byGrid.set(gid, s);
        }
        s.by_category[r.category] = Number(r.n);
      }
      return [...byGrid.values()];
    },
  };
}
export type EventRepository = ReturnType<typeof eventRepository>;
