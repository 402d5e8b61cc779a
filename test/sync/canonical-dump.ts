/**
 * Canonical dumps for convergence checks: the state of a console (its `event` rows and `sync_record`
 * rows) and of the district server (GET /snapshot as the district token) in ONE shape, sorted, with
 * canonical JSON, so two dumps are equal exactly when the replicas hold the same state.
 *
 * A console's dump also holds the tables people see, per record kind (canonical-tables.ts: rosters,
 * shifts and cells, absences, duty log, handovers, catalogue, people, posts, grids, wall layouts, plan
 * runs); the server has none, so they are compared between consoles only.
 *
 * An event is compared on what both sides know: id, state, version, hlc and the key fields of its
 * merged payload (title, level, category, source, grid, lead and cooperating posts, merged-into).
 * Local-only columns (deadlines, timeline, assignments, alarms) are not part of the contract.
 *
 * Also: every op the server serves (pull as the district) and a console's outbox, for the
 * "exactly once" check.
 */
import Database from 'better-sqlite3';
import { dumpTables, type CanonicalTables } from './canonical-tables';

export interface CanonicalEvent {
  readonly id: string;
  readonly state: string;
  readonly version: number;
  readonly hlc: string;
  readonly title: string;
  readonly level: string;
  readonly categoryCode: string;
  readonly source: string;
  readonly gridCode: string | null;
  readonly leadPostId: string | null;
  readonly cooperatingPostIds: readonly string[];
  readonly mergedInto: string | null;
}

export interface CanonicalRecord {
  readonly entity: string;
  readonly entityId: string;
  readonly version: number;
  readonly hlc: string;
  /** Canonical JSON (sorted keys) of the record. */
  readonly payload: string;
}

export interface CanonicalDump {
  readonly events: readonly CanonicalEvent[];
  readonly records: readonly CanonicalRecord[];
  /** A console's tables people see (absent in a server's dump: compared only when both dumps have them). */
  readonly tables?: CanonicalTables;
}

/** Anything that can run a query: the core's `Sql`, or a wrapper over better-sqlite3. */
export interface QuerySource {
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byKey = (a: CanonicalRecord, b: CanonicalRecord): number => {
  const ka = `${a.entity}\u0000${a.entityId}`;
  const kb = `${b.entity}\u0000${b.entityId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

interface LocalEventRow {
  id: string;
  state: string;
  version: number;
  hlc: string;
  title: string;
  level: string;
  category_code: string;
  source: string;
  grid_code: string | null;
  lead_post_id: string | null;
  coop_post_ids: string | null;
  merged_into: string | null;
}

const LOCAL_EVENTS_SQL = `SELECT id, state, version, hlc, title, level, category_code, source, grid_code, lead_post_id, coop_post_ids, merged_into FROM event ORDER BY id`;
const LOCAL_RECORDS_SQL = `SELECT entity, entity_id, version, hlc, payload FROM sync_record ORDER BY entity, entity_id`;

/** The dump of a console, read through its own database handle (e.g. `core.db.read(dumpConsole)`). */
export async function dumpConsole(sql: QuerySource): Promise<CanonicalDump> {
  const events = await sql.all<LocalEventRow>(LOCAL_EVENTS_SQL);
  const records = await sql.all<{ entity: string; entity_id: string; version: number; hlc: string; payload: string }>(LOCAL_RECORDS_SQL);
  return {
    events: events
      .map((e) => ({
        id: e.id,
        state: e.state,
        version: Number(e.version),
        hlc: e.hlc,
        title: e.title,
        level: e.level,
        categoryCode: e.category_code,
        source: e.source,
        gridCode: e.grid_code ?? null,
        leadPostId: e.lead_post_id ?? null,
        cooperatingPostIds: e.coop_post_ids ? (JSON.parse(e.coop_post_ids) as string[]) : [],
        mergedInto: e.merged_into ?? null,
      }))
      .sort(byId),
    records: records.map((r) => ({ entity: r.entity, entityId: r.entity_id, version: Number(r.version), hlc: r.hlc, payload: canonicalJson(JSON.parse(r.payload)) })).sort(byKey),
    tables: await dumpTables(sql),
  };
}

/** A console's database file opened read-only (the console process may be gone, or still running). */
export function openConsoleFile(file: string): QuerySource & { close(): void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    all: <T>(sql: string, params: readonly unknown[] = []) => Promise.resolve(db.prepare(sql).all(...(params as unknown[])) as T[]),
    close: () => db.close(),
  };
}

export async function dumpConsoleFile(file: string): Promise<CanonicalDump> {
  const db = openConsoleFile(file);
  try {
    return await dumpConsole(db);
  } finally {
    db.close();
  }
}

interface SnapshotEntity {
  entity: string;
  entityId: string;
  version: number;
  hlc: string;
  state?: string;
  payload: Record<string, unknown>;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The dump of the server: GET /snapshot with `token` (the district's). */
export async function dumpServer(baseUrl: string, townCode: string, token: string): Promise<CanonicalDump & { cursor: string }> {
  const snapshot = await getJson<{ cursor: string; entities: SnapshotEntity[] }>(`${baseUrl}/v1/towns/${townCode}/snapshot`, token);
  const events: CanonicalEvent[] = [];
  const records: CanonicalRecord[] = [];
  for (const e of snapshot.entities) {
    if (e.entity === 'event') {
      const p = e.payload;
      events.push({
        id: e.entityId,
        state: e.state ?? 'reported',
        version: e.version,
        hlc: e.hlc,
        title: String(p.title),
        level: String(p.level),
        categoryCode: String(p.categoryCode),
        source: String(p.source),
        gridCode: str(p.gridCode),
        leadPostId: str(p.leadPostId),
        cooperatingPostIds: Array.isArray(p.cooperatingPostIds) ? (p.cooperatingPostIds as string[]) : [],
        mergedInto: str(p.intoEventId),
      });
    } else {
      records.push({ entity: e.entity, entityId: e.entityId, version: e.version, hlc: e.hlc, payload: canonicalJson(e.payload) });
    }
  }
  return { cursor: snapshot.cursor, events: events.sort(byId), records: records.sort(byKey) };
}

/** Human-readable differences (at most `max`); empty when the dumps are equal. */
export function diffDumps(a: CanonicalDump, b: CanonicalDump, labels: readonly [string, string] = ['a', 'b'], max = 20): string[] {
  const out: string[] = [];
  const compare = <T>(kind: string, left: readonly T[], right: readonly T[], key: (x: T) => string): void => {
    const l = new Map(left.map((x) => [key(x), x]));
    const r = new Map(right.map((x) => [key(x), x]));
    for (const [k, x] of l) {
      const y = r.get(k);
      if (!y) out.push(`${kind} ${k}: only in ${labels[0]} ${canonicalJson(x)}`);
      else if (canonicalJson(x) !== canonicalJson(y)) {
        const fields = Object.keys(x as object).filter((f) => canonicalJson((x as Record<string, unknown>)[f]) !== canonicalJson((y as Record<string, unknown>)[f]));
        out.push(
          `${kind} ${k}: ${fields.map((f) => `${f} ${labels[0]}=${canonicalJson((x as Record<string, unknown>)[f])} ${labels[1]}=${canonicalJson((y as Record<string, unknown>)[f])}`).join('; ')}`,
        );
      }
    }
    for (const [k, y] of r) if (!l.has(k)) out.push(`${kind} ${k}: only in ${labels[1]} ${canonicalJson(y)}`);
  };
  compare('event', a.events, b.events, (e) => e.id);
  compare('record', a.records, b.records, (r) => `${r.entity}/${r.entityId}`);
  if (a.tables && b.tables) {
    for (const table of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) compare(table, a.tables[table] ?? [], b.tables[table] ?? [], (r) => String(r.k));
  }
  if (out.length > max) return [...out.slice(0, max), `… and ${out.length - max} more`];
  return out;
}

export function dumpsEqual(a: CanonicalDump, b: CanonicalDump): boolean {
  const tables = a.tables && b.tables ? [a.tables, b.tables] : [undefined, undefined];
  return canonicalJson({ e: a.events, r: a.records, t: tables[0] }) === canonicalJson({ e: b.events, r: b.records, t: tables[1] });
}

// ---- ops: what the server serves and what a console sent ---------------------------------------

export interface ServedOp {
  readonly opId: string;
  readonly nodeId: string;
  readonly seq: number;
  readonly serverSeq: number;
  readonly entity: string;
  readonly entityId: string;
  readonly action?: string;
}

/** Every op the server serves for the town (pull from the start, as `token`), in serverSeq order. */
export async function pullAllOps(baseUrl: string, townCode: string, token: string): Promise<ServedOp[]> {
  const ops: ServedOp[] = [];
  let after = '';
  for (;;) {
    const page = await getJson<{ ops: ServedOp[]; cursor: string; more: boolean }>(`${baseUrl}/v1/towns/${townCode}/ops?limit=2000${after ? `&after=${after}` : ''}`, token);
    ops.push(...page.ops);
    after = page.cursor;
    if (!page.more || page.ops.length === 0) return ops;
  }
}

export interface OutboxEntry {
  readonly seq: number;
  readonly opId: string;
  readonly status: string;
  readonly serverSeq: number | null;
  readonly entityId: string;
  readonly action: string | null;
}

export async function readOutbox(sql: QuerySource): Promise<OutboxEntry[]> {
  const rows = await sql.all<{ seq: number; op_id: string; status: string; server_seq: number | null; entity_id: string; action: string | null }>(
    `SELECT seq, op_id, status, server_seq, entity_id, action FROM outbox ORDER BY seq`,
  );
  return rows.map((r) => ({ seq: r.seq, opId: r.op_id, status: r.status, serverSeq: r.server_seq, entityId: r.entity_id, action: r.action }));
}

/**
 * Exactly once, from both ends: the server's ops of `nodeId` by opId against the console's outbox.
 * Returns the problems found (empty when every sent op is served once, none twice, none unknown, no
 * rejected op is served, nothing is still pending, and serverSeq runs 1..n without a gap).
 */
export function exactlyOnceProblems(served: readonly ServedOp[], outbox: readonly OutboxEntry[], nodeId: string): string[] {
  const problems: string[] = [];
  served.forEach((op, i) => {
    if (op.serverSeq !== i + 1) problems.push(`serverSeq gap: position ${i} holds serverSeq ${op.serverSeq}`);
  });
  const count = new Map<string, number>();
  const seqs = new Map<number, number>();
  for (const op of served) {
    if (op.nodeId !== nodeId) continue;
    count.set(op.opId, (count.get(op.opId) ?? 0) + 1);
    seqs.set(op.seq, (seqs.get(op.seq) ?? 0) + 1);
  }
  for (const [opId, n] of count) if (n > 1) problems.push(`op ${opId} served ${n} times`);
  for (const [seq, n] of seqs) if (n > 1) problems.push(`wire seq ${seq} of ${nodeId} served ${n} times`);
  const local = new Map(outbox.map((o) => [o.opId, o]));
  for (const opId of count.keys()) if (!local.has(opId)) problems.push(`server holds op ${opId} that the console's outbox does not know`);
  for (const o of outbox) {
    const n = count.get(o.opId) ?? 0;
    if (o.status === 'pending') problems.push(`op ${o.opId} (seq ${o.seq}, ${o.action}) still pending`);
    else if (o.status === 'sent' && n !== 1) problems.push(`op ${o.opId} (seq ${o.seq}, ${o.action}) sent but served ${n} times`);
    else if (o.status === 'rejected' && n !== 0) problems.push(`op ${o.opId} (seq ${o.seq}, ${o.action}) rejected but served ${n} times`);
    else if (o.status === 'quarantined' && n !== 0) problems.push(`op ${o.opId} (seq ${o.seq}) quarantined but served ${n} times`);
  }
  const bySeq = new Map(served.map((op) => [op.opId, op.serverSeq]));
  for (const o of outbox) {
    if (o.status === 'sent' && o.serverSeq !== null && bySeq.has(o.opId) && bySeq.get(o.opId) !== o.serverSeq) {
      problems.push(`op ${o.opId}: the console recorded serverSeq ${o.serverSeq}, the server serves it at ${bySeq.get(o.opId)}`);
    }
  }
  return problems.slice(0, 30);
}
