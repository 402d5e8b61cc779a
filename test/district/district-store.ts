/**
 * The district's state: applied ops (the town's serverSeq log), first results by opId, each node's
 * last seq and the folded entity records. Owns the SQLite DataSource.
 *
 * Every call runs under one lock. SQLite here is a single connection, so transactions cannot overlap;
 * the lock serializes pushes (per town, and across towns) and keeps reads from seeing a push's
 * uncommitted rows. A push is one transaction: all of it or none of it survives a crash.
 *
 * Speed: node seqs, the town's serverSeq and entity records are cached per town (loaded lazily; the
 * server is the only writer), and a batch is written with a handful of multi-row statements. The cache
 * is changed only after COMMIT; any failure drops the town's cache so it reloads from disk.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EventState } from '../../main/core/events/event-lifecycle';
import { openDistrictDataSource } from './db/district-data-source';
import type { OpEnvelope } from './op-envelope';
import { decideOp, type EntityRecord, type Role } from './op-rules';

export type RejectReason = 'conflict' | 'invalid' | 'forbidden';

export type OpResult =
  | { opId: string; status: 'applied'; version: number; serverSeq: number }
  | { opId: string; status: 'rejected'; reason: RejectReason; message: string; version?: number }
  | {
      opId: string;
      status: 'duplicate';
      firstStatus: 'applied' | 'rejected';
      reason?: RejectReason;
      message?: string;
      version?: number;
      serverSeq?: number;
    };

/** An applied op as served: its serverSeq and its JSON text (the serverOp). */
export interface ServedOp {
  readonly serverSeq: number;
  readonly json: string;
}

export type PushOutcome = { readonly kind: 'seq'; readonly expectedSeq: number } | { readonly kind: 'done'; readonly results: OpResult[]; readonly served: ServedOp[] };

export interface PullPage {
  readonly ops: ServedOp[];
  /** serverSeq of the last op returned, or `after` when none. */
  readonly cursor: number;
  readonly more: boolean;
}

type FirstResult = Omit<Extract<OpResult, { status: 'duplicate' }>, 'opId' | 'status'>;

interface TownCache {
  lastServerSeq: number;
  readonly nodeSeqs: Map<string, number>;
  /** null: known not to exist. */
  readonly entities: Map<string, EntityRecord | null>;
}

interface DbOpRow {
  server_seq: number;
  op_id: string;
  node_id: string;
  seq: number;
  hlc: string;
  entity: string;
  entity_id: string;
  kind: string;
  action: string | null;
  base_version: number | null;
  payload: string;
  at: string;
  received_at: string;
}

interface DbResultRow {
  op_id: string;
  status: 'applied' | 'rejected';
  reason: RejectReason | null;
  message: string | null;
  version: number | null;
  server_seq: number | null;
}

interface DbEntityRow {
  entity: string;
  entity_id: string;
  version: number;
  hlc: string;
  state: string | null;
  payload: string;
  signed: number;
}

// SQLite 3.32+ allows 32766 bound parameters; stay well under it.
const MAX_PARAMS = 30_000;
const OP_COLUMNS = 'town_code, server_seq, op_id, node_id, seq, hlc, entity, entity_id, kind, action, base_version, payload, at, received_at';
const OP_SELECT = 'server_seq, op_id, node_id, seq, hlc, entity, entity_id, kind, action, base_version, payload, at, received_at';

function entityKey(entity: string, entityId: string): string {
  return `${entity}\u0000${entityId}`;
}

/** The serverOp JSON, built from stored columns; the payload text is spliced in unparsed. */
function serverOpJson(r: DbOpRow): string {
  const q = JSON.stringify;
  return (
    `{"opId":${q(r.op_id)},"nodeId":${q(r.node_id)},"seq":${r.seq},"hlc":${q(r.hlc)},` +
    `"entity":${q(r.entity)},"entityId":${q(r.entity_id)},"kind":${q(r.kind)},` +
    (r.action !== null ? `"action":${q(r.action)},` : '') +
    (r.base_version !== null ? `"baseVersion":${r.base_version},` : '') +
    `"payload":${r.payload},"at":${q(r.at)},"serverSeq":${r.server_seq},"receivedAt":${q(r.received_at)}}`
  );
}

function placeholders(rows: number, columns: number): string {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rows).fill(row).join(', ');
}

/** Runs a multi-row INSERT in as few statements as the parameter limit allows. */
async function insertRows(manager: EntityManager, head: string, columns: number, rows: readonly unknown[][], tail = ''): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    await manager.query(`${head} VALUES ${placeholders(chunk.length, columns)}${tail}`, chunk.flat());
  }
}

export class DistrictStore {
  private readonly towns = new Map<string, TownCache>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly dataSource: DataSource) {}

  static async open(dataDir: string): Promise<DistrictStore> {
    return new DistrictStore(await openDistrictDataSource(dataDir));
  }

  /** Runs `task` alone: no other store call overlaps it. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async town(townCode: string): Promise<TownCache> {
    let cache = this.towns.get(townCode);
    if (!cache) {
      const rows = (await this.dataSource.query('SELECT MAX(server_seq) AS last FROM op WHERE town_code = ?', [townCode])) as { last: number | null }[];
      cache = { lastServerSeq: rows[0]?.last ?? 0, nodeSeqs: new Map(), entities: new Map() };
      this.towns.set(townCode, cache);
    }
    return cache;
  }

  private async nodeSeq(townCode: string, cache: TownCache, nodeId: string): Promise<number> {
    let last = cache.nodeSeqs.get(nodeId);
    if (last === undefined) {
      const rows = (await this.dataSource.query('SELECT last_seq FROM node_seq WHERE town_code = ? AND node_id = ?', [townCode, nodeId])) as { last_seq: number }[];
      last = rows[0]?.last_seq ?? 0;
      cache.nodeSeqs.set(nodeId, last);
    }
    return last;
  }

  private async firstResults(townCode: string, opIds: readonly string[]): Promise<Map<string, DbResultRow>> {
    const found = new Map<string, DbResultRow>();
    const unique = [...new Set(opIds)];
    for (let start = 0; start < unique.length; start += 900) {
      const chunk = unique.slice(start, start + 900);
      const rows = (await this.dataSource.query(
        `SELECT op_id, status, reason, message, version, server_seq FROM op_result
         WHERE town_code = ? AND op_id IN (${chunk.map(() => '?').join(', ')})`,
        [townCode, ...chunk],
      )) as DbResultRow[];
      for (const row of rows) found.set(row.op_id, row);
    }
    return found;
  }

  private async loadEntities(townCode: string, cache: TownCache, ops: readonly OpEnvelope[]): Promise<void> {
    // Missing ids grouped by entity name, so each lookup is a range of the primary key.
    const missing = new Map<string, Set<string>>();
    for (const op of ops) {
      if (cache.entities.has(entityKey(op.entity, op.entityId))) continue;
      let ids = missing.get(op.entity);
      if (!ids) missing.set(op.entity, (ids = new Set()));
      ids.add(op.entityId);
    }
    for (const [entity, idSet] of missing) {
      const ids = [...idSet];
      for (let start = 0; start < ids.length; start += 900) {
        const chunk = ids.slice(start, start + 900);
        const rows = (await this.dataSource.query(
          `SELECT entity_id, version, hlc, state, payload, signed FROM entity
           WHERE town_code = ? AND entity = ? AND entity_id IN (${chunk.map(() => '?').join(', ')})`,
          [townCode, entity, ...chunk],
        )) as Omit<DbEntityRow, 'entity'>[];
        for (const row of rows) {
          cache.entities.set(entityKey(entity, row.entity_id), {
            version: row.version,
            hlc: row.hlc,
            state: row.state as EventState | null,
            payloadJson: row.payload,
            signed: row.signed === 1,
          });
        }
      }
      for (const id of ids) {
        const key = entityKey(entity, id);
        if (!cache.entities.has(key)) cache.entities.set(key, null);
      }
    }
  }

  /**
   * One push, after its envelope was checked: duplicates answer their first result, the others must
   * carry the node's next seqs (else nothing is applied), then every op is decided in order and the
   * batch is written in one transaction.
   */
  push(townCode: string, nodeId: string, role: Role, ops: readonly OpEnvelope[], receivedAt: string): Promise<PushOutcome> {
    return this.exclusive(async () => {
      try {
        return await this.pushLocked(townCode, nodeId, role, ops, receivedAt);
      } catch (error) {
        this.towns.delete(townCode);
        throw error;
      }
    });
  }

  private async pushLocked(townCode: string, nodeId: string, role: Role, ops: readonly OpEnvelope[], receivedAt: string): Promise<PushOutcome> {
    const cache = await this.town(townCode);
    const seen = await this.firstResults(
      townCode,
      ops.map((op) => op.opId),
    );

    // The seq rule, duplicates skipped first. A second copy of an opId inside the batch is a
    // duplicate of the first copy.
    const lastSeq = await this.nodeSeq(townCode, cache, nodeId);
    let expected = lastSeq + 1;
    const inBatch = new Map<string, number>();
    const firstIndex: (number | undefined)[] = [];
    ops.forEach((op, index) => {
      if (seen.has(op.opId)) return;
      const earlier = inBatch.get(op.opId);
      if (earlier !== undefined) {
        firstIndex[index] = earlier;
        return;
      }
      inBatch.set(op.opId, index);
    });
    for (let index = 0; index < ops.length; index += 1) {
      const op = ops[index];
      if (seen.has(op.opId) || firstIndex[index] !== undefined) continue;
      // Nothing of the batch is applied, so the node needs its next seq after the last one accepted,
      // wherever in the batch the run broke (not the seq after the part before the gap).
      if (op.seq !== expected) return { kind: 'seq', expectedSeq: lastSeq + 1 };
      expected += 1;
    }

    await this.loadEntities(townCode, cache, ops);

    // Decide every op against an overlay; the cache changes only after COMMIT.
    const overlay = new Map<string, EntityRecord>();
    const results: OpResult[] = [];
    const opRows: unknown[][] = [];
    const resultRows: unknown[][] = [];
    const served: ServedOp[] = [];
    let serverSeq = cache.lastServerSeq;
    for (let index = 0; index < ops.length; index += 1) {
      const op = ops[index];
      const first = seen.get(op.opId);
      if (first) {
        results.push(duplicateOf(op.opId, fromRow(first)));
        continue;
      }
      const earlier = firstIndex[index];
      if (earlier !== undefined) {
        results.push(duplicateOf(op.opId, fromResult(results[earlier])));
        continue;
      }
      const key = entityKey(op.entity, op.entityId);
      const current = overlay.get(key) ?? cache.entities.get(key) ?? undefined;
      const decision = decideOp(op, current, role);
      if (decision.status === 'rejected') {
        const { reason, message } = decision.refusal;
        const version = current?.version;
        results.push({ opId: op.opId, status: 'rejected', reason, message, ...(version !== undefined ? { version } : {}) });
        resultRows.push([townCode, op.opId, op.nodeId, op.seq, 'rejected', reason, message, version ?? null, null]);
        continue;
      }
      serverSeq += 1;
      if (decision.changed) overlay.set(key, decision.record);
      const version = decision.record.version;
      results.push({ opId: op.opId, status: 'applied', version, serverSeq });
      resultRows.push([townCode, op.opId, op.nodeId, op.seq, 'applied', null, null, version, serverSeq]);
      const payload = JSON.stringify(op.payload);
      const row: DbOpRow = {
        server_seq: serverSeq,
        op_id: op.opId,
        node_id: op.nodeId,
        seq: op.seq,
        hlc: op.hlc,
        entity: op.entity,
        entity_id: op.entityId,
        kind: op.kind,
        action: op.action ?? null,
        base_version: op.baseVersion ?? null,
        payload,
        at: op.at,
        received_at: receivedAt,
      };
      opRows.push([townCode, serverSeq, row.op_id, row.node_id, row.seq, row.hlc, row.entity, row.entity_id, row.kind, row.action, row.base_version, payload, row.at, receivedAt]);
      served.push({ serverSeq, json: serverOpJson(row) });
    }

    const newLastSeq = expected - 1;
    if (resultRows.length > 0) {
      await this.dataSource.transaction(async (manager) => {
        if (opRows.length > 0) await insertRows(manager, `INSERT INTO op (${OP_COLUMNS})`, 14, opRows);
        await insertRows(manager, 'INSERT INTO op_result (town_code, op_id, node_id, seq, status, reason, message, version, server_seq)', 9, resultRows);
        await manager.query(
          `INSERT INTO node_seq (town_code, node_id, last_seq) VALUES (?, ?, ?)
           ON CONFLICT (town_code, node_id) DO UPDATE SET last_seq = excluded.last_seq`,
          [townCode, nodeId, newLastSeq],
        );
        if (overlay.size > 0) {
          const entityRows = [...overlay].map(([key, record]) => {
            const [entity, entityId] = key.split('\u0000');
            return [townCode, entity, entityId, record.version, record.hlc, record.state, record.payloadJson, record.signed ? 1 : 0];
          });
          await insertRows(
            manager,
            'INSERT INTO entity (town_code, entity, entity_id, version, hlc, state, payload, signed)',
            8,
            entityRows,
            ` ON CONFLICT (town_code, entity, entity_id) DO UPDATE SET version = excluded.version,
              hlc = excluded.hlc, state = excluded.state, payload = excluded.payload, signed = excluded.signed`,
          );
        }
      });
      for (const [key, record] of overlay) cache.entities.set(key, record);
      cache.nodeSeqs.set(nodeId, newLastSeq);
      cache.lastServerSeq = serverSeq;
    }
    return { kind: 'done', results, served };
  }

  /** Applied ops after `after`, at most `limit`, in serverSeq order. */
  pull(townCode: string, after: number, limit: number): Promise<PullPage> {
    return this.exclusive(async () => {
      const rows = (await this.dataSource.query(`SELECT ${OP_SELECT} FROM op WHERE town_code = ? AND server_seq > ? ORDER BY server_seq LIMIT ?`, [
        townCode,
        after,
        limit + 1,
      ])) as DbOpRow[];
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const ops = page.map((row) => ({ serverSeq: row.server_seq, json: serverOpJson(row) }));
      return { ops, cursor: ops.length > 0 ? ops[ops.length - 1].serverSeq : after, more };
    });
  }

  /** Every entity record of the town and the serverSeq it is folded to, as one consistent JSON text. */
  snapshot(townCode: string): Promise<string> {
    return this.exclusive(async () => {
      const cache = await this.town(townCode);
      const rows = (await this.dataSource.query(
        `SELECT entity, entity_id, version, hlc, state, payload FROM entity WHERE town_code = ?
         ORDER BY entity, entity_id`,
        [townCode],
      )) as DbEntityRow[];
      const q = JSON.stringify;
      const entities = rows.map(
        (r) =>
          `{"entity":${q(r.entity)},"entityId":${q(r.entity_id)},"version":${r.version},"hlc":${q(r.hlc)},` +
          (r.state !== null ? `"state":${q(r.state)},` : '') +
          `"payload":${r.payload}}`,
      );
      return `{"cursor":${q(String(cache.lastServerSeq))},"entities":[${entities.join(',')}]}`;
    });
  }

  /** The last seq accepted from a node (0 when none): what a node resumes from after losing its state. */
  lastSeq(townCode: string, nodeId: string): Promise<number> {
    return this.exclusive(async () => this.nodeSeq(townCode, await this.town(townCode), nodeId));
  }

  /** Waits for the call in progress, then closes the database. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    });
  }
}

function fromRow(row: DbResultRow): FirstResult {
  return {
    firstStatus: row.status,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.message !== null ? { message: row.message } : {}),
    ...(row.version !== null ? { version: row.version } : {}),
    ...(row.server_seq !== null ? { serverSeq: row.server_seq } : {}),
  };
}

function fromResult(result: OpResult): FirstResult {
  switch (result.status) {
    case 'applied':
      return { firstStatus: 'applied', version: result.version, serverSeq: result.serverSeq };
    case 'rejected':
      return {
        firstStatus: 'rejected',
        reason: result.reason,
        message: result.message,
        ...(result.version !== undefined ? { version: result.version } : {}),
      };
    case 'duplicate':
      // A first copy is never itself a duplicate; keep its first answer if it ever were.
      return {
        firstStatus: result.firstStatus,
        ...(result.reason !== undefined ? { reason: result.reason, message: result.message } : {}),
        ...(result.version !== undefined ? { version: result.version } : {}),
        ...(result.serverSeq !== undefined ? { serverSeq: result.serverSeq } : {}),
      };
    default:
      return result satisfies never;
  }
}

function duplicateOf(opId: string, first: FirstResult): OpResult {
  return { opId, status: 'duplicate', ...first };
}
