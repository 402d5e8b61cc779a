/**
 * Where the time goes: the same query and the same command measured layer by layer, from raw
 * better-sqlite3 up to the project's service, plus two what-ifs that change only the layer under
 * Db (a statement cache over node-sqlite3; TypeORM's better-sqlite3 driver). Each layer runs the
 * same SQL on the same file, round-robin with the others.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database as NodeSqliteDb, Statement as NodeSqliteStatement } from 'sqlite3';
import { DataSource } from 'typeorm';
import { Db } from '../../main/core/db/db';
import { ENTITIES } from '../../main/core/db/entities';
import { EventRepository, QUEUE_SQL, type EventRecord } from '../../main/core/events/event.repository';
import { appendOutbox } from '../../main/core/kernel/outbox.repository';
import { interleave, summarize, type Summary } from './stats';

export interface Layer {
  key: string;
  label: string;
  summary: Summary;
}

/** The core's PRAGMAs, applied to any extra connection of the bench. */
export const CORE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'] as const;

/** What-if: the project's Db over TypeORM's better-sqlite3 driver (statement cache, synchronous calls). */
export async function openBetterSqliteDb(file: string, cacheSize: number): Promise<Db> {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    statementCacheSize: 100,
  });
  await ds.initialize();
  for (const p of CORE_PRAGMAS) await ds.query(`PRAGMA ${p}`);
  await ds.query(`PRAGMA cache_size = ${cacheSize}`);
  return new Db(ds);
}

function nodeConnection(db: Db): NodeSqliteDb {
  return (db.dataSource.driver as unknown as { databaseConnection: NodeSqliteDb }).databaseConnection;
}

const promised = <T>(fn: (cb: (error: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

/** node-sqlite3 with each SQL prepared once (what a statement cache in Db would do). */
class PreparedNodeSqlite {
  private readonly statements = new Map<string, NodeSqliteStatement>();
  constructor(private readonly db: NodeSqliteDb) {}
  private statement(sql: string): NodeSqliteStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  /** `all`, never `get`: node-sqlite3's get leaves the statement open, holding a read snapshot. */
  all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return promised<T[]>((cb) => this.statement(sql).all(params, cb));
  }
  run(sql: string, params: unknown[]): Promise<void> {
    return promised<void>((cb) => this.statement(sql).run(params, (error: Error | null) => cb(error, undefined)));
  }
  async close(): Promise<void> {
    for (const s of this.statements.values()) await promised<void>((cb) => s.finalize((error?: Error | null) => cb(error ?? null, undefined)));
    this.statements.clear();
  }
}

/** node-sqlite3 as TypeORM drives it: Database.all/run, i.e. prepare, step and finalize every time. */
class PlainNodeSqlite {
  constructor(private readonly db: NodeSqliteDb) {}
  all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return promised<T[]>((cb) => this.db.all(sql, params, cb));
  }
  run(sql: string, params: unknown[]): Promise<void> {
    return promised<void>((cb) => this.db.run(sql, params, (error: Error | null) => cb(error, undefined)));
  }
}

const SELECT_EVENT = `SELECT * FROM event WHERE id = ?`;
const UPDATE_ACCEPT = `UPDATE event SET state = ?, accepted_at = ?, version = ?, hlc = ?, updated_at = ? WHERE id = ?`;
const INSERT_TIMELINE = `INSERT INTO event_timeline (event_id, action, from_state, to_state, actor_id, at, payload) VALUES (?,?,?,?,?,?,?)`;
const INSERT_OUTBOX = `INSERT INTO outbox (op_id, entity, entity_id, kind, action, base_version, payload, hlc, at) VALUES (?,?,?,?,?,?,?,?,?)`;

export interface LayerContext {
  coreDb: Db;
  whatIfDb: Db;
  raw: BetterSqlite3.Database;
  townCode: string;
  limit: number;
  actorId: string;
  now: () => string;
}

export async function queueLayers(ctx: LayerContext, iterations: number): Promise<Layer[]> {
  const repo = new EventRepository();
  const node = nodeConnection(ctx.coreDb);
  const prepared = new PreparedNodeSqlite(node);
  const plain = new PlainNodeSqlite(node);
  const rawQueue = ctx.raw.prepare(QUEUE_SQL);
  const params = [ctx.townCode, ctx.limit];
  const contenders = {
    raw: () => rawQueue.all(...params),
    whatIfBetter: () => ctx.whatIfDb.read((sql) => repo.queue(sql, { townCode: ctx.townCode, limit: ctx.limit })),
    nodePrepared: () => prepared.all(QUEUE_SQL, params),
    nodePlain: () => plain.all(QUEUE_SQL, params),
    ours: () => ctx.coreDb.read((sql) => repo.queue(sql, { townCode: ctx.townCode, limit: ctx.limit })),
  };
  await interleave(contenders, 50, 25);
  const r = await interleave(contenders, iterations, 50);
  await prepared.close();
  return [
    { key: 'raw', label: 'raw better-sqlite3, prepared once', summary: summarize(r.raw) },
    { key: 'what_if_typeorm_better_sqlite3', label: 'what-if: Db.read + repo.queue, TypeORM better-sqlite3 driver', summary: summarize(r.whatIfBetter) },
    { key: 'node_sqlite3_prepared', label: 'what-if: node-sqlite3, statement prepared once', summary: summarize(r.nodePrepared) },
    { key: 'node_sqlite3_plain', label: 'node-sqlite3 Database.all (prepare+step+finalize)', summary: summarize(r.nodePlain) },
    { key: 'ours', label: 'today: Db.read + repo.queue (TypeORM sqlite3)', summary: summarize(r.ours) },
  ];
}

/**
 * The accept command's statements (BEGIN, SELECT, UPDATE, INSERT timeline, INSERT outbox, COMMIT),
 * layer by layer. `ids` are open events; each layer takes its own, and every layer writes the same
 * rows (the mimics skip only the service's checks, which cost no SQL).
 */
export async function commandLayers(ctx: LayerContext, ids: readonly string[], iterations: number): Promise<Layer[]> {
  const repo = new EventRepository();
  const node = nodeConnection(ctx.coreDb);
  const prepared = new PreparedNodeSqlite(node);
  const plain = new PlainNodeSqlite(node);
  const r = {
    begin: ctx.raw.prepare('BEGIN TRANSACTION'),
    commit: ctx.raw.prepare('COMMIT'),
    select: ctx.raw.prepare(SELECT_EVENT),
    update: ctx.raw.prepare(UPDATE_ACCEPT),
    timeline: ctx.raw.prepare(INSERT_TIMELINE),
    outbox: ctx.raw.prepare(INSERT_OUTBOX),
  };
  let next = 0;
  const take = (): string => {
    const id = ids[next++];
    if (!id) throw new Error('command layers ran out of events');
    return id;
  };
  let counter = 0;
  const hlc = (at: string): string => `${at}-${String(counter++ % 10000).padStart(4, '0')}-bench`;
  const values = (e: { version: number; state: string }, id: string, at: string, h: string) => ({
    update: ['accepted', at, e.version + 1, h, at, id],
    timeline: [id, 'accept', e.state, 'accepted', ctx.actorId, at, JSON.stringify({})],
    outbox: [randomUUID(), 'event', id, 'action', 'accept', e.version, JSON.stringify({}), h, at],
  });
  const viaStatements = async (s: PreparedNodeSqlite | PlainNodeSqlite): Promise<void> => {
    const id = take();
    const at = ctx.now();
    await s.all('BEGIN TRANSACTION', []);
    const [e] = await s.all<EventRecord>(SELECT_EVENT, [id]);
    const v = values(e!, id, at, hlc(at));
    await s.run(UPDATE_ACCEPT, v.update);
    await s.run(INSERT_TIMELINE, v.timeline);
    await s.run(INSERT_OUTBOX, v.outbox);
    await s.all('COMMIT', []);
  };
  const viaRepository = (db: Db): Promise<void> => {
    const id = take();
    const at = ctx.now();
    return db.write(async (sql) => {
      const e = await repo.get(sql, id);
      if (!e) throw new Error(`no event ${id}`);
      const h = hlc(at);
      await repo.update(sql, id, { state: 'accepted', accepted_at: at, version: e.version + 1, hlc: h, updated_at: at });
      await repo.appendTimeline(sql, { eventId: id, action: 'accept', fromState: e.state, toState: 'accepted', actorId: ctx.actorId, at, payload: {} });
      await appendOutbox(sql, { entity: 'event', entityId: id, kind: 'action', action: 'accept', baseVersion: e.version, payload: {}, hlc: h, at });
    });
  };
  const contenders = {
    raw: () => {
      const id = take();
      const at = ctx.now();
      r.begin.run();
      const e = r.select.get(id) as EventRecord;
      const v = values(e, id, at, hlc(at));
      r.update.run(...v.update);
      r.timeline.run(...v.timeline);
      r.outbox.run(...v.outbox);
      r.commit.run();
    },
    whatIfBetter: () => viaRepository(ctx.whatIfDb),
    nodePrepared: () => viaStatements(prepared),
    nodePlain: () => viaStatements(plain),
    ours: () => viaRepository(ctx.coreDb),
  };
  await interleave(contenders, 20, 10);
  const res = await interleave(contenders, iterations, 25);
  await prepared.close();
  return [
    { key: 'raw', label: 'raw better-sqlite3, 6 statements prepared once', summary: summarize(res.raw) },
    { key: 'what_if_typeorm_better_sqlite3', label: 'what-if: Db.write + repository, TypeORM better-sqlite3 driver', summary: summarize(res.whatIfBetter) },
    { key: 'node_sqlite3_prepared', label: 'what-if: node-sqlite3, 6 statements prepared once', summary: summarize(res.nodePrepared) },
    { key: 'node_sqlite3_plain', label: 'node-sqlite3 Database.all/run (prepare+step+finalize)', summary: summarize(res.nodePlain) },
    { key: 'ours', label: 'today: Db.write + repository (TypeORM sqlite3)', summary: summarize(res.ours) },
  ];
}
