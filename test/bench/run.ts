/**
 * `npm run bench [-- --json <file>]`: the hot paths of the core on a database of 1,000,000 events,
 * each measured through the project's own code (EventService / EventRepository over TypeORM +
 * sqlite3) and through raw better-sqlite3 with the same SQL, on the same file, in the same run,
 * with the same PRAGMAs (WAL, synchronous=FULL, the core's cache_size). A benchmark, not a test:
 * a missed target is marked FAIL, never a non-zero exit.
 *
 * Options: --json [<file>]        write the figures as one JSON object to the file; without a file,
 *                                 to standard output (and everything else to standard error);
 *                                 `sqlite_version` is the SQLite the product runs
 *          --extras all|none|a,b   the other benchmarks (sync, roster, product, plans, town, voice, assessment, wall, camera); default all
 *          --core / --no-core      run the core database benchmark (default on)
 *          --rows <n>             events in the database (1000000)
 *          --open <n>             of which open (10000)
 *          --queue-iterations <n> queue queries per side (2000)
 *          --commands <n>         commands per side (1000)
 *          --insert-rows <n>      rows per bulk insert (100000)
 *          --cache-size <n>       PRAGMA cache_size for every connection (default: the core's own)
 *          --no-layers            skip the layer-by-layer diagnosis
 *          --fresh                fill the cached database again
 *          --keep                 keep this run's copy of the database
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { runExtras } from './extras';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_RESOURCES_DIR } from '../../main/core/app-core';
import type { Db } from '../../main/core/db/db';
import { sqliteVersion } from '../../main/core/db/sqlite-engine';
import { EventRepository, eventParams, INSERT_EVENT_SQL, INSERT_MANY_CHUNK, QUEUE_SQL, type EventRecord } from '../../main/core/events/event.repository';
import { makeCore } from '../support/core';
import { busyShare, fsyncLatency, snapshot, stealShare } from './environment';
import { EventFactory, townData } from './event-factory';
import { historyBench } from './history-bench';
import { BENCH_NOW, cacheDir, copyForRun, DB_FILE_NAME, ensureFilledDb, SCHEMA_HASH, SCHEMA_VERSION } from './fill-db';
import { commandLayers, CORE_PRAGMAS, openBetterSqliteDb, queueLayers, type Layer } from './layers';
import { recordSqliteCalls } from './sqlite-calls';
import { WalWatch } from './wal-watch';
import { interleave, round, summarize, table, type Summary } from './stats';

interface Options {
  json: string | null;
  extras: string[] | 'all';
  core: boolean;
  rows: number;
  open: number;
  queueIterations: number;
  commands: number;
  insertRows: number;
  cacheSize: number | null;
  layers: boolean;
  fresh: boolean;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    json: null,
    extras: 'all',
    core: true,
    rows: 1_000_000,
    open: 10_000,
    queueIterations: 2000,
    commands: 1000,
    insertRows: 100_000,
    cacheSize: null,
    layers: true,
    fresh: false,
    keep: false,
  };
  const num = (i: number, positive = true): number => {
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || (positive && v <= 0)) throw new Error(`${argv[i]} needs a ${positive ? 'positive ' : ''}number`);
    return Math.trunc(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') {
      const next = argv[i + 1];
      if (!next || next.startsWith('--')) o.json = '-';
      else o.json = argv[++i]!;
    } else if (a === '--extras') {
      const next = argv[++i] ?? '';
      o.extras = next === 'all' ? 'all' : next === 'none' ? [] : next.split(',').filter(Boolean);
    } else if (a === '--no-core') o.core = false;
    else if (a === '--core') o.core = true;
    else if (a === '--rows') o.rows = num(i++);
    else if (a === '--open') o.open = num(i++);
    else if (a === '--queue-iterations') o.queueIterations = num(i++);
    else if (a === '--commands') o.commands = num(i++);
    else if (a === '--insert-rows') o.insertRows = num(i++);
    else if (a === '--cache-size') o.cacheSize = num(i++, false);
    else if (a === '--no-layers') o.layers = false;
    else if (a === '--fresh') o.fresh = true;
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option ${a} (see the comment at the top of test/bench/run.ts)`);
  }
  if (o.open >= o.rows) throw new Error('--open must be less than --rows');
  return o;
}

const started = performance.now();
function log(line: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${s} s] ${line}`);
}

/** Searches per side in the history figure. */
const HISTORY_ITERATIONS = 600;
const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');
const mark = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const int = (v: number): string => Math.round(v).toLocaleString('en');
const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(0)} %`);

function version(pkg: string): string {
  try {
    return (createRequire(__filename)(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // A package whose "exports" hide package.json: read it from node_modules.
    try {
      return (JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  }
}

function roundSummary(s: Summary): Record<keyof Summary, number> {
  return { n: s.n, mean: round(s.mean), p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
}

/** The extras that load the built renderer (out/renderer) in a browser. */
const RENDERER_EXTRAS: readonly string[] = ['wall', 'product', 'camera'];
const ROOT = path.resolve(__dirname, '../..');
/** What the renderer build is made of: when any of these is newer than out/renderer, the build is stale. */
const RENDERER_SOURCES = ['renderer', 'preload/contract', 'resources/public', 'electron.vite.config.ts', 'package-lock.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/**
 * A fresh clone has no out/renderer, and a build from yesterday measures yesterday's wall: build it
 * (`electron-vite build`, a few seconds) when it is missing or older than its sources. Its output goes
 * to standard error, so that `--json` alone still prints nothing but the figures on standard output.
 * A failed build is reported and the run goes on: the wall says itself that it has no renderer.
 */
async function ensureRendererBuilt(): Promise<void> {
  const builtAt = newestMtime(path.join(ROOT, 'out/renderer/index.html'));
  if (builtAt > 0 && builtAt >= Math.max(...RENDERER_SOURCES.map((source) => newestMtime(path.join(ROOT, source))))) return;
  log(`renderer: ${builtAt > 0 ? 'out/renderer is older than its sources' : 'not built yet'}; building it (electron-vite build) …`);
  const electronVite = path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  const child = spawn(process.execPath, [electronVite, 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  // Stopped meanwhile (Ctrl-C, or the npm script stopped): the build stops too.
  const stop = (signal: NodeJS.Signals): void => {
    child.kill(signal);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (code !== 0) log(`renderer: the build failed (exit ${code ?? 'error'}); the wall and product figures use ${builtAt > 0 ? 'the previous build' : 'no build'}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  // `--json` alone: standard output carries the JSON object only; the running commentary goes to standard error.
  const stdout = console.log;
  if (opts.json === '-') console.log = console.error;
  const core = opts.core ? await coreBench(opts) : {};
  if (opts.extras === 'all' || opts.extras.some((name) => RENDERER_EXTRAS.includes(name))) await ensureRendererBuilt();
  const extras = await runExtras(opts.extras, log);
  // The SQLite the product runs (the sqlite3 driver as the install built it), whatever parts ran.
  const result = { sqlite_version: await sqliteVersion(), ...core, ...extras, date: new Date().toISOString() };
  if (opts.json === '-') stdout(JSON.stringify(result, null, 2));
  else if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${opts.json}`);
  }
}

async function coreBench(opts: Options): Promise<Record<string, unknown>> {
  const envStart = snapshot();
  log(`Duty Desk bench: ${int(opts.rows)} events (${int(opts.open)} open), ${os.cpus().length} CPUs, node ${process.version}`);
  if (envStart.loadAvg1m > os.cpus().length * 0.5) {
    log(`note: load average ${envStart.loadAvg1m.toFixed(2)} on ${os.cpus().length} CPUs before the start; other work on this machine will widen every p99`);
  }

  // ---- the database ---------------------------------------------------------------------------------
  const fillStarted = performance.now();
  const filled = await ensureFilledDb({ rows: opts.rows, open: opts.open, fresh: opts.fresh, log });
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const cacheBytes = statSync(filled.cacheFile).size;
  log(
    filled.cached
      ? `reusing the cached database ${filled.cacheFile} (${(cacheBytes / 2 ** 20).toFixed(0)} MiB, filled ${filled.info.filledAt} in ${filled.info.fillSeconds} s); --fresh fills it again`
      : `filled ${filled.cacheFile} in ${fillSeconds.toFixed(1)} s (${(cacheBytes / 2 ** 20).toFixed(0)} MiB); cached for the next run`,
  );
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-bench-run-'));
  // The run's copy goes when the process ends, however it ends (unless --keep).
  if (!opts.keep) process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  const copyStarted = performance.now();
  const file = copyForRun(filled.cacheFile, runDir);
  log(`copied it to ${file} for this run (${((performance.now() - copyStarted) / 1000).toFixed(1)} s, flushed to disk)`);
  const fsync = fsyncLatency(runDir);
  log(`disk: fdatasync of 4 KiB p50 ${ms(fsync.p50)} p99 ${ms(fsync.p99)} ms (every command's COMMIT pays one)`);

  // Our side: the real core (migrations check, town load) on the copy, with a manual clock.
  const t = await makeCore(BENCH_NOW, runDir);
  const core = t.core;
  const repo = new EventRepository();
  const townCode = core.town.town.townCode;
  if (opts.cacheSize !== null) await core.db.read((sql) => sql.run(`PRAGMA cache_size = ${opts.cacheSize}`));
  const cacheSize = (await core.db.read((sql) => sql.get<{ cache_size: number }>(`PRAGMA cache_size`)))!.cache_size;

  // The raw side: better-sqlite3 on the same file with the core's PRAGMAs. better-sqlite3 is built
  // with a 16 MB page cache, node-sqlite3 with SQLite's 2 MB default: set the core's.
  const raw = new Database(path.join(runDir, DB_FILE_NAME));
  for (const p of CORE_PRAGMAS) raw.pragma(p);
  raw.pragma(`cache_size = ${cacheSize}`);
  // And the core's memory-mapped reads (STORAGE_PRAGMAS), whatever they are.
  const mmapSize = (await core.db.read((sql) => sql.get<{ mmap_size: number }>(`PRAGMA mmap_size`)))?.mmap_size ?? 0;
  raw.pragma(`mmap_size = ${mmapSize}`);

  const pragmaNames = ['journal_mode', 'synchronous', 'foreign_keys', 'busy_timeout', 'cache_size', 'mmap_size', 'page_size', 'wal_autocheckpoint'] as const;
  const pragmas = { ours: {} as Record<string, unknown>, raw: {} as Record<string, unknown> };
  for (const p of pragmaNames) {
    pragmas.raw[p] = raw.pragma(p, { simple: true });
    const row = await core.db.read((sql) => sql.get<Record<string, unknown>>(`PRAGMA ${p}`));
    pragmas.ours[p] = row ? Object.values(row)[0] : null;
  }
  const samePragmas = pragmaNames.every((p) => pragmas.ours[p] === pragmas.raw[p]);
  const ourSqliteVersion = (await core.db.read((sql) => sql.get<{ v: string }>(`SELECT sqlite_version() AS v`)))!.v;
  const rawSqliteVersion = (raw.prepare(`SELECT sqlite_version() AS v`).get() as { v: string }).v;
  const countOf = (text: string, ...params: unknown[]): number => (raw.prepare(text).get(...params) as { n: number }).n;
  const eventsInDb = countOf(`SELECT count(*) AS n FROM event`);
  const openEvents = countOf(`SELECT count(*) AS n FROM event WHERE town_code = ? AND is_open = 1`, townCode);
  log(
    `events in db ${int(eventsInDb)}, open ${int(openEvents)}; SQLite ours ${ourSqliteVersion} (sqlite3 ${version('sqlite3')}), raw ${rawSqliteVersion} (better-sqlite3 ${version('better-sqlite3')})`,
  );
  log(`PRAGMAs ${samePragmas ? 'identical' : 'DIFFER'}: ${JSON.stringify(pragmas.ours)}${samePragmas ? '' : ` vs raw ${JSON.stringify(pragmas.raw)}`}`);

  // ---- query plans ------------------------------------------------------------------------------------
  const LIMIT = 200;
  const QUEUE_COUNT_SQL = `SELECT count(*) AS n FROM event WHERE town_code = ? AND is_open = 1`;
  const plan = (text: string, params: unknown[]): string[] => (raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const plans = {
    queue: plan(QUEUE_SQL, [townCode, LIMIT]),
    queue_ours: (await core.db.read((sql) => sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${QUEUE_SQL}`, [townCode, LIMIT]))).map((r) => r.detail),
    queue_count: plan(QUEUE_COUNT_SQL, [townCode]),
    event_by_id: plan(`SELECT * FROM event WHERE id = ?`, ['x']),
  };
  const queuePlanOk = [plans.queue, plans.queue_ours].every((p) => p.some((d) => d.includes('idx_event_queue')) && !p.some((d) => d.includes('TEMP B-TREE')));
  log(`EXPLAIN QUERY PLAN queue: ${plans.queue.join(' | ')} → ${queuePlanOk ? 'uses idx_event_queue, no temp B-tree' : 'NOT the expected plan'}`);

  // ---- 1. the queue query -------------------------------------------------------------------------------
  const rawQueue = raw.prepare(QUEUE_SQL);
  const rawCount = raw.prepare(QUEUE_COUNT_SQL);
  const oursQueue = (): Promise<unknown[]> => core.db.read((sql) => repo.queue(sql, { townCode, limit: LIMIT }));
  const a = (await oursQueue()) as { id: string }[];
  const b = rawQueue.all(townCode, LIMIT) as { id: string }[];
  const sameRows = a.length === b.length && a.every((r, i) => r.id === b[i]!.id);
  if (!sameRows) log(`WARNING: the two paths returned different queues (${a.length} vs ${b.length} rows)`);
  log(`1. queue query (${LIMIT} rows): warm-up, then ${opts.queueIterations} each, alternating blocks of 100`);
  const queuePair = { ours: oursQueue, raw: () => rawQueue.all(townCode, LIMIT) };
  await interleave(queuePair, 200, 50);
  const q = await interleave(queuePair, opts.queueIterations, 100);
  const queueOurs = summarize(q.ours);
  const queueRaw = summarize(q.raw);
  log(`   repository p50 ${ms(queueOurs.p50)} p99 ${ms(queueOurs.p99)} ms; raw p50 ${ms(queueRaw.p50)} p99 ${ms(queueRaw.p99)} ms`);

  // EventService.queue: the same plus the count, the permission check and the mapping to the API shape.
  const servicePair = { ours: () => core.events.queue(t.officer, { limit: LIMIT }), raw: () => [rawQueue.all(townCode, LIMIT), rawCount.get(townCode)] };
  await interleave(servicePair, 100, 50);
  const sq = await interleave(servicePair, Math.max(100, Math.floor(opts.queueIterations / 2)), 100);
  const serviceOurs = summarize(sq.ours);
  const serviceRaw = summarize(sq.raw);
  log(`   EventService.queue (rows + count) p50 ${ms(serviceOurs.p50)} p99 ${ms(serviceOurs.p99)} ms; raw rows + count p99 ${ms(serviceRaw.p99)} ms`);

  // ---- 1b. 历史事件: a text plus filter search, its first page (history-bench.ts) ---------------------------
  log(`1b. history search (text plus filter, the first page of 50), ${HISTORY_ITERATIONS} each, six searches in turn`);
  const history = await historyBench(core, raw, t.officer, HISTORY_ITERATIONS, log);
  log(`   ours p50 ${ms(history.ours.p50)} p99 ${ms(history.ours.p99)} ms; raw p50 ${ms(history.raw.p50)} p99 ${ms(history.raw.p99)} ms`);

  // ---- 2. one command: accept ------------------------------------------------------------------------------
  const warmCommands = Math.min(100, Math.max(10, Math.floor(opts.commands / 10)));
  const openIds = raw.prepare(`SELECT id, state FROM event WHERE town_code = ? AND is_open = 1 ORDER BY reported_at`).all(townCode) as { id: string; state: string }[];
  const reported = openIds.filter((r) => r.state === 'reported').map((r) => r.id);
  const others = openIds.filter((r) => r.state !== 'reported').map((r) => r.id);
  const needed = 2 * (opts.commands + warmCommands) + 1;
  if (reported.length < needed) throw new Error(`only ${reported.length} reported events; the command phase needs ${needed} (raise --open or lower --commands)`);
  // Interleaved, so both sides get events of the same ages.
  const oursIds = reported.filter((_, i) => i % 2 === 0);
  const rawIds = reported.filter((_, i) => i % 2 === 1);

  // SQLite calls per command through the project's code (each node-sqlite3 Database.all/run is a
  // prepare, a step and a finalize: three trips through libuv's thread pool).
  const recorder = recordSqliteCalls(core.db.dataSource);
  const probeId = oursIds.pop()!;
  recorder.reset();
  await core.events.accept(t.officer, probeId);
  const acceptCalls = recorder.calls().map((c) => `${c.method}: ${c.sql.length > 100 ? `${c.sql.slice(0, 100)}…` : c.sql}`);
  recorder.reset();
  await core.events.note(t.officer, probeId, '电话回访，已告知处理进度');
  const noteCalls = recorder.calls().length;
  recorder.reset();
  await oursQueue();
  const queueCalls = recorder.calls().length;
  recorder.reset();
  await servicePair.ours();
  const serviceQueueCalls = recorder.calls().length;
  recorder.restore();
  log(`SQLite calls through our code: accept ${acceptCalls.length}, note ${noteCalls}, repository queue ${queueCalls}, EventService.queue ${serviceQueueCalls}`);
  for (const c of acceptCalls) log(`     ${c}`);

  // The raw command: the same statements as EventService.accept writes, prepared once.
  const rs = {
    begin: raw.prepare('BEGIN TRANSACTION'),
    commit: raw.prepare('COMMIT'),
    rollback: raw.prepare('ROLLBACK'),
    select: raw.prepare(`SELECT * FROM event WHERE id = ?`),
    update: raw.prepare(`UPDATE event SET state = ?, accepted_at = ?, version = ?, hlc = ?, updated_at = ? WHERE id = ?`),
    timeline: raw.prepare(`INSERT INTO event_timeline (event_id, action, from_state, to_state, actor_id, at, payload) VALUES (?,?,?,?,?,?,?)`),
    outbox: raw.prepare(`INSERT INTO outbox (op_id, entity, entity_id, kind, action, base_version, payload, hlc, at) VALUES (?,?,?,?,?,?,?,?,?)`),
  };
  let rawCounter = 0;
  const rawAccept = (id: string): void => {
    const at = core.clock.now().toISOString();
    rs.begin.run();
    try {
      const e = rs.select.get(id) as EventRecord | undefined;
      if (!e || e.state !== 'reported') throw new Error(`raw accept: ${id} is ${e?.state ?? 'missing'}`);
      const hlc = `${at}-${String(rawCounter++ % 10000).padStart(4, '0')}-raw`;
      rs.update.run('accepted', at, e.version + 1, hlc, at, id);
      rs.timeline.run(id, 'accept', 'reported', 'accepted', t.officer.id, at, JSON.stringify({}));
      rs.outbox.run(randomUUID(), 'event', id, 'action', 'accept', e.version, JSON.stringify({}), hlc, at);
      rs.commit.run();
    } catch (error) {
      rs.rollback.run();
      throw error;
    }
  };
  log(`2. command (accept = transition + timeline + outbox, one transaction): warm-up ${warmCommands}, then ${opts.commands} each, alternating blocks of 50`);
  let oi = 0;
  let ri = 0;
  const commandPair = { ours: () => core.events.accept(t.officer, oursIds[oi++]!), raw: () => rawAccept(rawIds[ri++]!) };
  await interleave(commandPair, warmCommands, 50);
  const wal = new WalWatch<'ours' | 'raw'>(path.join(runDir, DB_FILE_NAME));
  const c = await interleave(commandPair, opts.commands, 50, wal.observe);
  wal.close();
  const commandOurs = summarize(c.ours);
  const commandRaw = summarize(c.raw);
  const ckOurs = wal.split('ours', c.ours);
  const ckRaw = wal.split('raw', c.raw);
  const checkpoints = {
    ours: { count: ckOurs.checkpoint.length, median_ms: round(summarize(ckOurs.checkpoint).p50), p99_without_ms: round(summarize(ckOurs.other).p99) },
    raw: { count: ckRaw.checkpoint.length, median_ms: round(summarize(ckRaw.checkpoint).p50), p99_without_ms: round(summarize(ckRaw.other).p99) },
  };
  const acceptedOk = countOf(
    `SELECT count(*) AS n FROM event WHERE id IN (SELECT value FROM json_each(?)) AND state = 'accepted'`,
    JSON.stringify([...oursIds.slice(0, oi), ...rawIds.slice(0, ri)]),
  );
  if (acceptedOk !== oi + ri) log(`WARNING: ${oi + ri - acceptedOk} accepted events are not in state accepted`);
  log(`   ours p50 ${ms(commandOurs.p50)} p99 ${ms(commandOurs.p99)} ms; raw p50 ${ms(commandRaw.p50)} p99 ${ms(commandRaw.p99)} ms`);
  log(
    `   WAL checkpoints inside a COMMIT: ours ${checkpoints.ours.count} (median ${ms(checkpoints.ours.median_ms)} ms), raw ${checkpoints.raw.count} (median ${ms(checkpoints.raw.median_ms)} ms); ` +
      `p99 without them: ours ${ms(checkpoints.ours.p99_without_ms)}, raw ${ms(checkpoints.raw.p99_without_ms)} ms`,
  );

  // ---- where the time goes ---------------------------------------------------------------------------------
  let whatIf: Db | null = null;
  let queueLayerResults: Layer[] = [];
  let commandLayerResults: Layer[] = [];
  if (opts.layers) {
    whatIf = await openBetterSqliteDb(path.join(runDir, DB_FILE_NAME), cacheSize);
    const ctx = { coreDb: core.db, whatIfDb: whatIf, raw, townCode, limit: LIMIT, actorId: t.officer.id, now: () => core.clock.now().toISOString() };
    const layerQueue = Math.max(100, Math.floor(opts.queueIterations / 4));
    const layerCommands = Math.max(50, Math.min(300, Math.floor((others.length - 5 * 20) / 5)));
    log(`where the time goes: queue ${layerQueue} and command ${layerCommands} per layer, round-robin over 5 layers`);
    queueLayerResults = await queueLayers(ctx, layerQueue);
    commandLayerResults = await commandLayers(ctx, others, layerCommands);
  }

  // ---- 3. bulk insert ----------------------------------------------------------------------------------------
  const town = townData(core.town, DEFAULT_RESOURCES_DIR);
  const makeBatch = (seed: number, n: number): EventRecord[] => {
    const f = new EventFactory(town, core.nodeId, seed);
    const now = Date.parse(BENCH_NOW);
    const year = 365 * 24 * 3600_000;
    const out: EventRecord[] = [];
    for (let i = 0; i < n; i++) out.push(f.make(now - year + (i * year) / n, i % 100 === 0, now));
    return out;
  };
  log(`3. bulk insert: generating ${whatIf ? 3 : 2} × ${int(opts.insertRows)} events`);
  const oursBatch = makeBatch(1, opts.insertRows);
  const rawBatch = makeBatch(2, opts.insertRows);
  const whatIfBatch = whatIf ? makeBatch(3, opts.insertRows) : [];
  const singleBatch = makeBatch(4, Math.min(10_000, opts.insertRows));
  const checkpoint = (): void => void raw.pragma('wal_checkpoint(TRUNCATE)');
  const rInsert = raw.prepare(INSERT_EVENT_SQL);

  checkpoint();
  log(`   ours: EventRepository.insertMany (${INSERT_MANY_CHUNK} rows per INSERT) in one db.write`);
  let t0 = performance.now();
  await core.db.write((sql) => repo.insertMany(sql, oursBatch));
  const insertOursMs = performance.now() - t0;

  checkpoint();
  log(`   raw: one prepared INSERT per row in one transaction`);
  t0 = performance.now();
  rs.begin.run();
  for (const e of rawBatch) rInsert.run(eventParams(e));
  rs.commit.run();
  const insertRawMs = performance.now() - t0;

  let insertWhatIfMs = NaN;
  if (whatIf) {
    checkpoint();
    log(`   what-if: EventRepository.insertMany over TypeORM's better-sqlite3 driver`);
    t0 = performance.now();
    await whatIf.write((sql) => repo.insertMany(sql, whatIfBatch));
    insertWhatIfMs = performance.now() - t0;
  }

  checkpoint();
  log(`   reference: EventRepository.insert, one row per call, ${int(singleBatch.length)} rows in one db.write`);
  t0 = performance.now();
  await core.db.write(async (sql) => {
    for (const e of singleBatch) await repo.insert(sql, e);
  });
  const insertSingleMs = performance.now() - t0;
  const afterInsert = countOf(`SELECT count(*) AS n FROM event`);
  const expectedAfter = eventsInDb + oursBatch.length + rawBatch.length + whatIfBatch.length + singleBatch.length;
  if (afterInsert !== expectedAfter) log(`WARNING: ${afterInsert} events after the inserts, expected ${expectedAfter}`);

  const insertOurs = (opts.insertRows / insertOursMs) * 1000;
  const insertRaw = (opts.insertRows / insertRawMs) * 1000;
  const insertWhatIf = (opts.insertRows / insertWhatIfMs) * 1000;
  const insertSingle = (singleBatch.length / insertSingleMs) * 1000;
  log(`   ours ${int(insertOurs)} rows/s, raw ${int(insertRaw)} rows/s${whatIf ? `, what-if ${int(insertWhatIf)} rows/s` : ''}, one-per-call ${int(insertSingle)} rows/s`);

  // ---- close -------------------------------------------------------------------------------------------------
  await whatIf?.close();
  await t.close();
  raw.close();
  if (opts.keep) log(`kept this run's database in ${runDir}`);
  const fsyncEnd = fsyncLatency(runDir);
  const envEnd = snapshot();
  const machineBusy = busyShare(envStart.ticks, envEnd.ticks);
  const steal = stealShare(envStart.ticks, envEnd.ticks);

  // ---- report ------------------------------------------------------------------------------------------------
  const targets = {
    queue_p99_under_5ms: queueOurs.p99 < 5,
    queue_within_2x_raw: queueOurs.p99 <= 2 * queueRaw.p99,
    command_p99_under_5ms: commandOurs.p99 < 5,
    insert_at_least_quarter_of_raw: insertOurs >= insertRaw / 4,
    history_search_p99_under_100ms: history.ours.p99 < 100,
    history_search_within_3x_raw: history.ours.p99 <= 3 * history.raw.p99,
  };
  const totalSeconds = (performance.now() - started) / 1000;
  const latencyRow = (name: string, ours: Summary, rawS: Summary, target: string, ok: boolean | null): string[] => [
    name,
    ms(ours.p50),
    ms(ours.p90),
    ms(ours.p99),
    ms(rawS.p50),
    ms(rawS.p99),
    `${(ours.p99 / rawS.p99).toFixed(2)}×`,
    target,
    ok === null ? '' : mark(ok),
  ];
  console.log('');
  console.log(
    table(
      ['latency, ms', 'ours p50', 'p90', 'p99', 'raw p50', 'raw p99', 'p99 vs raw', 'target', ''],
      [
        latencyRow(`queue query, repository (${LIMIT} rows)`, queueOurs, queueRaw, 'p99 < 5 ms and ≤ 2× raw', targets.queue_p99_under_5ms && targets.queue_within_2x_raw),
        latencyRow('queue, EventService (rows + count)', serviceOurs, serviceRaw, '', null),
        latencyRow('command, EventService.accept', commandOurs, commandRaw, 'p99 < 5 ms', targets.command_p99_under_5ms),
        latencyRow(
          'history search, text + filter, first page',
          history.ours,
          history.raw,
          'p99 < 100 ms and ≤ 3× raw',
          targets.history_search_p99_under_100ms && targets.history_search_within_3x_raw,
        ),
      ],
    ),
  );
  console.log('');
  const insertRows: string[][] = [
    ['raw better-sqlite3, prepared INSERT per row', int(insertRaw), '1.00', '', ''],
    [`ours: insertMany, ${INSERT_MANY_CHUNK}-row INSERTs`, int(insertOurs), (insertOurs / insertRaw).toFixed(2), '≥ 0.25 of raw', mark(targets.insert_at_least_quarter_of_raw)],
  ];
  if (whatIf) insertRows.push(['what-if: insertMany, TypeORM better-sqlite3', int(insertWhatIf), (insertWhatIf / insertRaw).toFixed(2), '', '']);
  insertRows.push(['ours: insert(), one row per call', int(insertSingle), (insertSingle / insertRaw).toFixed(2), '', '']);
  console.log(table([`bulk insert, ${int(opts.insertRows)} rows`, 'rows/s', 'vs raw', 'target', ''], insertRows));
  if (opts.layers) {
    const layerTable = (title: string, layers: Layer[]): string =>
      table(
        [title, 'p50', 'p90', 'p99', 'p50 vs raw'],
        layers.map((l) => [l.label, ms(l.summary.p50), ms(l.summary.p90), ms(l.summary.p99), `${(l.summary.p50 / layers[0]!.summary.p50).toFixed(2)}×`]),
      );
    console.log('');
    console.log(layerTable('where the time goes: queue query, ms', queueLayerResults));
    console.log('');
    console.log(layerTable('where the time goes: accept statements, ms', commandLayerResults));
  }
  console.log('');
  console.log(
    `queue p99 ${ms(queueOurs.p99)} ms = ${(queueOurs.p99 / queueRaw.p99).toFixed(2)}× raw: ${mark(targets.queue_p99_under_5ms)} < 5 ms, ${mark(targets.queue_within_2x_raw)} ≤ 2× raw; plan ${queuePlanOk ? 'uses idx_event_queue, no temp B-tree' : 'UNEXPECTED'}`,
  );
  console.log(
    `command p99 ${ms(commandOurs.p99)} ms: ${mark(targets.command_p99_under_5ms)} < 5 ms; ${acceptCalls.length} SQLite calls per accept through our code (raw: the same 6 statements, prepared once, no thread pool)`,
  );
  console.log(
    `  of which WAL checkpoints run inside a COMMIT: ours ${checkpoints.ours.count}, raw ${checkpoints.raw.count} (median ${ms(checkpoints.ours.median_ms)} / ${ms(checkpoints.raw.median_ms)} ms); ` +
      `p99 without them ours ${ms(checkpoints.ours.p99_without_ms)}, raw ${ms(checkpoints.raw.p99_without_ms)} ms`,
  );
  console.log(`bulk insert ${(insertOurs / insertRaw).toFixed(2)} of raw: ${mark(targets.insert_at_least_quarter_of_raw)} ≥ 0.25`);
  console.log(
    `history search p99 ${ms(history.ours.p99)} ms = ${(history.ours.p99 / history.raw.p99).toFixed(2)}× raw: ${mark(targets.history_search_p99_under_100ms)} < 100 ms, ${mark(targets.history_search_within_3x_raw)} ≤ 3× raw`,
  );
  console.log(
    `database: ${int(eventsInDb)} events, ${int(openEvents)} open; ${filled.cached ? 'cached file reused' : `filled in ${fillSeconds.toFixed(1)} s and cached`}: ${filled.cacheFile}`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; busy ${pct(machineBusy)} over the run (all processes), steal ${pct(steal)}, load ${envStart.loadAvg1m.toFixed(2)} → ${envEnd.loadAvg1m.toFixed(2)}, CPU pressure ${envStart.cpuPressureAvg10 ?? '—'} → ${envEnd.cpuPressureAvg10 ?? '—'} %; fdatasync p99 ${ms(fsync.p99)} → ${ms(fsyncEnd.p99)} ms`,
  );
  console.log(`total ${totalSeconds.toFixed(1)} s`);

  const layersJson = (layers: Layer[]): Record<string, Record<keyof Summary, number>> => Object.fromEntries(layers.map((l) => [l.key, roundSummary(l.summary)]));
  const result = {
    date: new Date().toISOString(),
    queue_query_p50_ms: round(queueOurs.p50),
    queue_query_p99_ms: round(queueOurs.p99),
    queue_query_raw_p50_ms: round(queueRaw.p50),
    queue_query_raw_p99_ms: round(queueRaw.p99),
    queue_query_ratio_vs_raw: round(queueOurs.p99 / queueRaw.p99, 3),
    queue_query_p50_ratio_vs_raw: round(queueOurs.p50 / queueRaw.p50, 3),
    queue_service_p50_ms: round(serviceOurs.p50),
    queue_service_p99_ms: round(serviceOurs.p99),
    queue_service_raw_p99_ms: round(serviceRaw.p99),
    command_p50_ms: round(commandOurs.p50),
    command_p99_ms: round(commandOurs.p99),
    command_raw_p50_ms: round(commandRaw.p50),
    command_raw_p99_ms: round(commandRaw.p99),
    command_ratio_vs_raw: round(commandOurs.p99 / commandRaw.p99, 3),
    command_sqlite_calls: acceptCalls.length,
    history_search_p50_ms: round(history.ours.p50),
    history_search_p99_ms: round(history.ours.p99),
    history_search_raw_p99_ms: round(history.raw.p99),
    history_search_ratio_vs_raw: round(history.ours.p99 / history.raw.p99, 3),
    insert_rows_per_s: Math.round(insertOurs),
    insert_raw_rows_per_s: Math.round(insertRaw),
    insert_ratio_vs_raw: round(insertOurs / insertRaw, 3),
    insert_single_rows_per_s: Math.round(insertSingle),
    insert_what_if_better_sqlite3_rows_per_s: whatIf ? Math.round(insertWhatIf) : null,
    insert_chunk_rows: INSERT_MANY_CHUNK,
    events_in_db: eventsInDb,
    open_events: openEvents,
    sqlite_version: ourSqliteVersion,
    sqlite_version_raw: rawSqliteVersion,
    targets,
    details: {
      queue: { ours: roundSummary(queueOurs), raw: roundSummary(queueRaw), limit: LIMIT, same_rows: sameRows },
      queue_service: { ours: roundSummary(serviceOurs), raw: roundSummary(serviceRaw) },
      history: { ours: roundSummary(history.ours), raw: roundSummary(history.raw), page: 50, searches: history.searches, plans: history.plans },
      command: {
        ours: roundSummary(commandOurs),
        raw: roundSummary(commandRaw),
        warm_up: warmCommands,
        sqlite_calls: acceptCalls,
        note_sqlite_calls: noteCalls,
        wal_checkpoints: checkpoints,
      },
      queue_sqlite_calls: { repository: queueCalls, service: serviceQueueCalls },
      insert: {
        rows: opts.insertRows,
        ours_ms: round(insertOursMs, 1),
        raw_ms: round(insertRawMs, 1),
        what_if_ms: whatIf ? round(insertWhatIfMs, 1) : null,
        single_rows: singleBatch.length,
        single_ms: round(insertSingleMs, 1),
      },
      layers: opts.layers ? { queue: layersJson(queueLayerResults), command: layersJson(commandLayerResults) } : null,
      plans,
      queue_plan_ok: queuePlanOk,
      pragmas,
      same_pragmas: samePragmas,
    },
    database: {
      cache_file: filled.cacheFile,
      cache_dir: cacheDir(),
      cached: filled.cached,
      schema_version: SCHEMA_VERSION,
      schema_hash: SCHEMA_HASH,
      bytes: cacheBytes,
      fill_seconds: filled.cached ? filled.info.fillSeconds : round(fillSeconds, 1),
    },
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      total_mem_gib: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      sqlite3_package: version('sqlite3'),
      better_sqlite3_package: version('better-sqlite3'),
      typeorm: version('typeorm'),
      busy_share_during_run: machineBusy === null ? null : round(machineBusy, 3),
      steal_share_during_run: steal === null ? null : round(steal, 3),
      load_avg_1m: { start: round(envStart.loadAvg1m, 2), end: round(envEnd.loadAvg1m, 2) },
      cpu_pressure_avg10: { start: envStart.cpuPressureAvg10, end: envEnd.cpuPressureAvg10 },
      fdatasync_ms: {
        start: { p50: round(fsync.p50), p99: round(fsync.p99), max: round(fsync.max) },
        end: { p50: round(fsyncEnd.p50), p99: round(fsyncEnd.p99), max: round(fsyncEnd.max) },
      },
    },
    total_seconds: round(totalSeconds, 1),
  };
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
