/**
 * The audit log viewer's reads (leaders and administrators): the kernel's audit rows and the events'
 * timelines (an event's trail is its timeline, not the audit table: DESIGN.md) listed together,
 * newest first, filtered by person, kind and time. Reads only: nothing here writes.
 *
 * Paging is by cursor (the last row's time, source and id), never by offset: each source is read with
 * its own index (migration 0009: by time, by person and time, by kind and time) from the cursor down,
 * `limit + 1` rows each, and the two are merged — so page 1,000 of a 100k-row log costs what page 1 does.
 */
import {
  AUDIT_EXPORT_MAX_ROWS,
  type AuditActor,
  type AuditField,
  type AuditFilter,
  type AuditKindCount,
  type AuditPage,
  type AuditRecord,
  type AuditRow,
} from '../../../preload/contract/audit-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';

type Source = 'a' | 't';
/** Sources in the order of the merged list at one instant: a timeline row sorts above an audit row. */
const RANK: Record<Source, number> = { a: 0, t: 1 };
const EVENT_PREFIX = 'event.';

interface RawRow {
  src: Source;
  id: number;
  at: string;
  actor_id: string | null;
  kind: string;
  entity: string;
  entity_id: string | null;
  detail: string;
}

interface Cursor {
  at: string;
  rank: number;
  id: number;
}

function parseCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  const match = /^(.+)\|([01])\|(\d+)$/.exec(text);
  if (!match) refuse('invalid', 'not a cursor of this list', { field: 'cursor' });
  return { at: match[1], rank: Number(match[2]), id: Number(match[3]) };
}

const cursorOf = (r: RawRow): string => `${r.at}|${RANK[r.src]}|${r.id}`;

/** Newest first: time, then source, then id. */
function newerFirst(x: RawRow, y: RawRow): number {
  if (x.at !== y.at) return x.at < y.at ? 1 : -1;
  if (x.src !== y.src) return RANK[y.src] - RANK[x.src];
  return y.id - x.id;
}

/** The WHERE of one source for a filter (and a cursor), with its parameters. */
function where(src: Source, filter: AuditFilter, kinds: string[] | null, cursor: Cursor | null): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.actorId) {
    parts.push('actor_id = ?');
    params.push(filter.actorId);
  }
  if (kinds) {
    parts.push(`action IN (${kinds.map(() => '?').join(',')})`);
    params.push(...kinds);
  }
  if (filter.from) {
    parts.push('at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to) {
    parts.push('at < ?');
    params.push(new Date(filter.to).toISOString());
  }
  if (cursor) {
    const rank = RANK[src];
    if (rank < cursor.rank) {
      parts.push('at <= ?');
      params.push(cursor.at);
    } else if (rank > cursor.rank) {
      parts.push('at < ?');
      params.push(cursor.at);
    } else {
      parts.push('(at < ? OR (at = ? AND id < ?))');
      params.push(cursor.at, cursor.at, cursor.id);
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The kinds of each source a filter asks for: null = every kind, [] = none of that source. */
function splitKinds(kinds: readonly string[] | undefined): { a: string[] | null; t: string[] | null } {
  if (!kinds || kinds.length === 0) return { a: null, t: null };
  return {
    a: kinds.filter((k) => !k.startsWith(EVENT_PREFIX)),
    t: kinds.filter((k) => k.startsWith(EVENT_PREFIX)).map((k) => k.slice(EVENT_PREFIX.length)),
  };
}

const SELECT: Record<Source, string> = {
  a: `SELECT 'a' AS src, id, at, actor_id, action AS kind, entity, entity_id, detail FROM audit_log`,
  t: `SELECT 't' AS src, id, at, actor_id, '${EVENT_PREFIX}' || action AS kind, 'event' AS entity, event_id AS entity_id, payload AS detail FROM event_timeline`,
};
const TABLE: Record<Source, string> = { a: 'audit_log', t: 'event_timeline' };

/** The records 打开 shows, by entity: their table, key and the columns never shown (credentials, bulky bodies). */
const RECORDS: Record<string, { table: string; key: string; hide: readonly string[] }> = {
  person: { table: 'person', key: 'id', hide: ['password_hash', 'failed_attempts', 'locked_until', 'must_change_password', 'hlc', 'available'] },
  post: { table: 'post', key: 'id', hide: ['hlc'] },
  grid: { table: 'grid', key: 'code', hide: ['geometry', 'hlc'] },
  absence: { table: 'absence', key: 'id', hide: ['hlc'] },
  dutyLog: { table: 'duty_log', key: 'id', hide: ['seq', 'hlc'] },
  handover: { table: 'handover', key: 'id', hide: ['stats', 'content_hash', 'hlc'] },
  planTemplate: { table: 'plan_template', key: 'id', hide: ['body', 'hlc'] },
  planProposal: { table: 'plan_proposal', key: 'id', hide: [] },
  roster: { table: 'roster', key: 'id', hide: ['templates', 'hlc'] },
  shift: { table: 'shift', key: 'id', hide: ['roles', 'hlc'] },
  roster_swap: { table: 'roster_swap', key: 'id', hide: [] },
  wall: { table: 'wall_layout', key: 'id', hide: [] },
};

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** What the viewer asks of the town (TownService satisfies it, wired in app-core.ts): names, kept for the deactivated too. */
export interface AuditNames {
  readonly people: ReadonlyMap<string, { readonly name: string; readonly active: boolean }>;
  readonly posts: ReadonlyMap<string, { readonly name: string }>;
  readonly grids: ReadonlyMap<string, { readonly name: string }>;
}

export class AuditLog {
  constructor(
    private readonly kernel: Kernel,
    private readonly town: AuditNames,
  ) {}

  private async readRows(sql: Sql, filter: AuditFilter, cursor: Cursor | null, limit: number): Promise<RawRow[]> {
    const kinds = splitKinds(filter.kinds);
    const rows: RawRow[] = [];
    for (const src of ['a', 't'] as const) {
      const k = kinds[src];
      if (k && k.length === 0) continue;
      const w = where(src, filter, k, cursor);
      rows.push(...(await sql.all<RawRow>(`${SELECT[src]} ${w.sql} ORDER BY at DESC, id DESC LIMIT ?`, [...w.params, limit])));
    }
    return rows.sort(newerFirst).slice(0, limit);
  }

  private async count(sql: Sql, filter: AuditFilter): Promise<number> {
    const kinds = splitKinds(filter.kinds);
    let total = 0;
    for (const src of ['a', 't'] as const) {
      const k = kinds[src];
      if (k && k.length === 0) continue;
      const w = where(src, filter, k, null);
      total += (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${TABLE[src]} ${w.sql}`, w.params))?.n ?? 0;
    }
    return total;
  }

  /** Subjects of the rows (an event's title, a person's, post's or grid's name), read once per page. */
  private async subjects(sql: Sql, rows: readonly RawRow[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const eventIds = [...new Set(rows.filter((r) => r.entity === 'event' && r.entity_id).map((r) => r.entity_id!))];
    for (let i = 0; i < eventIds.length; i += 500) {
      const chunk = eventIds.slice(i, i + 500);
      for (const e of await sql.all<{ id: string; title: string }>(`SELECT id, title FROM event WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk)) {
        out.set(`event:${e.id}`, e.title);
      }
    }
    for (const r of rows) {
      if (!r.entity_id) continue;
      const name =
        r.entity === 'person'
          ? this.town.people.get(r.entity_id)?.name
          : r.entity === 'post'
            ? this.town.posts.get(r.entity_id)?.name
            : r.entity === 'grid'
              ? this.town.grids.get(r.entity_id)?.name
              : undefined;
      if (name) out.set(`${r.entity}:${r.entity_id}`, name);
    }
    return out;
  }

  private view(r: RawRow, subjects: Map<string, string>): AuditRow {
    let detail: unknown;
    try {
      detail = JSON.parse(r.detail);
    } catch {
      detail = r.detail;
    }
    return {
      key: `${r.src}:${r.id}`,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_id ? (this.town.people.get(r.actor_id)?.name ?? null) : null,
      kind: r.kind,
      entity: r.entity,
      entityId: r.entity_id,
      subject: r.entity_id ? (subjects.get(`${r.entity}:${r.entity_id}`) ?? null) : null,
      detail,
    };
  }

  async list(actor: Actor, filter: AuditFilter & { cursor?: string; limit: number }): Promise<AuditPage> {
    permit(actor, 'readAudit');
    const cursor = parseCursor(filter.cursor);
    return this.kernel.read(async (sql) => {
      const rows = await this.readRows(sql, filter, cursor, filter.limit + 1);
      const page = rows.slice(0, filter.limit);
      const subjects = await this.subjects(sql, page);
      return {
        rows: page.map((r) => this.view(r, subjects)),
        nextCursor: rows.length > filter.limit ? cursorOf(page[page.length - 1]) : null,
        total: await this.count(sql, filter),
      };
    });
  }

  /** Every row the filter finds, newest first, at most AUDIT_EXPORT_MAX_ROWS (the export). */
  async all(actor: Actor, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    permit(actor, 'readAudit');
    return this.kernel.read(async (sql) => {
      const rows: RawRow[] = [];
      let cursor: Cursor | null = null;
      while (rows.length < AUDIT_EXPORT_MAX_ROWS) {
        const batch = await this.readRows(sql, filter, cursor, Math.min(2000, AUDIT_EXPORT_MAX_ROWS - rows.length));
        rows.push(...batch);
        if (batch.length === 0) break;
        const last = batch[batch.length - 1];
        cursor = { at: last.at, rank: RANK[last.src], id: last.id };
      }
      const subjects = await this.subjects(sql, rows);
      return { rows: rows.map((r) => this.view(r, subjects)), total: await this.count(sql, filter) };
    });
  }

  /** The kinds the log holds, with how many rows each (the filter's list). */
  async kinds(actor: Actor): Promise<AuditKindCount[]> {
    permit(actor, 'readAudit');
    return this.kernel.read(async (sql) => [
      ...(await sql.all<AuditKindCount>(`SELECT action AS kind, count(*) AS count FROM audit_log GROUP BY action`)),
      ...(await sql.all<AuditKindCount>(`SELECT '${EVENT_PREFIX}' || action AS kind, count(*) AS count FROM event_timeline GROUP BY action`)),
    ]);
  }

  /** Everyone who may appear in the log (deactivated people too), for the person filter. */
  actors(actor: Actor): AuditActor[] {
    permit(actor, 'readAudit');
    return [...this.town.people.entries()]
      .map(([id, p]) => ({ id, name: p.name, active: p.active }))
      .sort((x, y) => Number(y.active) - Number(x.active) || x.name.localeCompare(y.name, 'zh-CN'));
  }

  /** The record a row touched: an event (its detail opens), a record's fields as they are now, or nothing left. */
  async record(actor: Actor, entity: string, entityId: string): Promise<AuditRecord> {
    permit(actor, 'readAudit');
    return this.kernel.read(async (sql): Promise<AuditRecord> => {
      if (entity === 'event') {
        const e = await sql.get<{ id: string }>(`SELECT id FROM event WHERE id = ?`, [entityId]);
        return e ? { kind: 'event', eventId: e.id } : { kind: 'missing', entity };
      }
      if (entity === 'alarm') {
        const a = await sql.get<Record<string, unknown>>(`SELECT * FROM alarm WHERE id = ?`, [entityId]);
        if (!a) return { kind: 'missing', entity };
        if (typeof a.event_id === 'string' && (await sql.get(`SELECT 1 AS one FROM event WHERE id = ?`, [a.event_id]))) return { kind: 'event', eventId: a.event_id };
        return { kind: 'record', entity, fields: this.fields(a, []) };
      }
      const spec = RECORDS[entity];
      if (!spec) return { kind: 'missing', entity };
      const row = await sql.get<Record<string, unknown>>(`SELECT * FROM ${spec.table} WHERE ${spec.key} = ?`, [entityId]);
      if (!row) return { kind: 'missing', entity };
      if (entity === 'person' && typeof row.username === 'string' && row.username.startsWith('~')) row.username = null;
      return { kind: 'record', entity, fields: this.fields(row, spec.hide) };
    });
  }

  private fields(row: Record<string, unknown>, hide: readonly string[]): AuditField[] {
    return Object.entries(row)
      .filter(([column]) => !hide.includes(column))
      .map(([column, value]) => ({ key: camel(column), value: fieldText(value) }));
  }
}
