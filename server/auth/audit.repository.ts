// The audit log: who changed what, and who read which personal record (信息保密制度). Reads of resident
// records are written by the registry in the same call that reads them, so no route can forget.
import type { Queryable } from '../db/db.ts';
import type { AuthUser } from './access.rule.ts';

/** Who acts: an account, or a named system actor (start-up, an anonymous login attempt). */
export interface Actor {
  name: string;
  user_id: number | null;
  role: string | null;
  ip: string | null;
}

export const actorOf = (user: AuthUser, ip: string | null = null): Actor => ({ name: user.username, user_id: user.id, role: user.role, ip });
export const systemActor = (name: string, ip: string | null = null): Actor => ({ name, user_id: null, role: null, ip });

export interface AuditEntry {
  action: string;
  entity: string;
  entity_id?: string | number | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  entity_id?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actor_id: number | null;
  actor_role: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: unknown;
}

export function auditRepository(db: Queryable) {
  /** One statement for any number of entries: a list of 5,000 residents costs one insert, not 5,000. */
  async function write(actor: Actor, entries: AuditEntry[], tx: Queryable = db): Promise<void> {
    if (!entries.length) return;
    await tx.query(
      `insert into audit (actor, actor_id, actor_role, ip, action, entity, entity_id, detail)
       select $1, $2, $3, $4, a, e, i, d::jsonb from unnest($5::text[], $6::text[], $7::text[], $8::text[]) as u(a, e, i, d)`,
      [
        actor.name, actor.user_id, actor.role, actor.ip,
        entries.map((e) => e.action),
        entries.map((e) => e.entity),
        entries.map((e) => (e.entity_id == null ? null : String(e.entity_id))),
        entries.map((e) => (e.detail == null ? null : JSON.stringify(e.detail))),
      ],
    );
  }

  /** Every record in `ids` was read by `actor` (full: unmasked ID numbers and phones were shown). */
  function reads(actor: Actor, entity: string, ids: number[], detail: Record<string, unknown>, tx: Queryable = db): Promise<void> {
    return write(actor, ids.map((id) => ({ action: detail.full ? 'read_full' : 'read', entity, entity_id: id, detail })), tx);
  }

  async function list(filter: AuditFilter): Promise<{ total: number; items: AuditRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}`;
    if (filter.actor !== undefined) where.push(`lower(actor) = lower(${bind(filter.actor)})`);
    if (filter.action !== undefined) where.push(`action = ${bind(filter.action)}`);
    if (filter.entity !== undefined) where.push(`entity = ${bind(filter.entity)}`);
    if (filter.entity_id !== undefined) where.push(`entity_id = ${bind(filter.entity_id)}`);
    if (filter.from !== undefined) where.push(`at >= ${bind(filter.from)}`);
    if (filter.to !== undefined) where.push(`at < ${bind(filter.to)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const total = await db.query<{ n: number }>(`select count(*)::int as n from audit ${clause}`, params);
    const { rows } = await db.query<AuditRow>(
      `select id, to_json(at) #>> '{}' as at, actor, actor_id, actor_role, ip, action, entity, entity_id, detail
         from audit ${clause} order by at desc, id desc limit ${bind(filter.limit)} offset ${bind(filter.offset)}`,
      params,
    );
    return { total: Number(total.rows[0].n), items: rows };
  }

  return { write, reads, list };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
