/**
 * Sync throughput and live latency on loopback, against the reference district server running as its
 * own process (`npx tsx test/district/cli.ts`, as `npm run district`), with consoles built by
 * createCore in this process (real SQLite, WAL, synchronous=FULL on both sides), each a console of the
 * sample town 白鹭镇 (test/support/sample-town-core.ts; never the demo town).
 *
 *   sync_push_ops_per_s   one console pushes 100,000 ops (its loop's push(): batches of 500)
 *   sync_pull_ops_per_s   a second console pulls the same 100,000 and applies each through the event
 *                         lifecycle (pull(): pages of 2,000, one transaction per page)
 *   sync_pull_raw_ops_per_s / sync_pull_ratio_vs_raw
 *                         the same pull (same district, pages, code and SQL) by a console on a copy
 *                         of the pulling console's database taken before it, its database opened over
 *                         better-sqlite3 (in-process, synchronous) instead of node-sqlite3; the ratio is
 *                         ours / raw in ops/s
 *   sync_pull_sql_only_ops_per_s
 *                         SQLite's own share: the calls our pull made, recorded with their parameters,
 *                         run in order by better-sqlite3 alone (no HTTP, no JSON, no lifecycle)
 *   sync_converge_10k_s   a fresh console, started with its sync loop, until it holds the 10,000 ops of
 *                         another server (cursor at the server's) — open, push, pull, stream included
 *   sync_live_p50_ms / sync_live_p99_ms
 *                         from a district push leaving the district (one op, assign_to_town) to the
 *                         change on a console following the live stream: its change-feed message,
 *                         with the event's row visible — over 200 samples
 *
 * How the 100,000 ops are made: not by 100,000 commands (each one is its own fsync'd transaction, about
 * 6 ms: ten minutes), but by writing outbox rows directly with the core's own `appendOutbox` (the same
 * INSERT a command makes), in transactions of 5,000. They describe 20,000 events, each reported,
 * accepted, dispatched (lead and cooperating posts of its catalogue item, with holders), acknowledged
 * and noted — valid at the server, and real work for the pulling console (events, timelines, tasks).
 *
 * `npx tsx test/sync/sync-bench.ts [--ops N] [--converge N] [--samples N] [--json file]` prints the figures.
 * With `DD_SYNC_BENCH_DIAG=1` it also prints where the pull's time goes: the pages fetched alone (no
 * apply), and the SQLite calls the pulling console made, by statement (each call is one trip to
 * node-sqlite3's thread, ~0.1–0.3 ms: the pull's cost is their number).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { Core } from '../../main/core/app-core';
import { systemClock } from '../../main/core/kernel/clock';
import { HybridLogicalClock } from '../../main/core/kernel/hlc';
import { newId } from '../../main/core/kernel/ids';
import { appendOutbox, type OutboxOp } from '../../main/core/kernel/outbox.repository';
import { sampleTown, sampleTownCore } from '../support/sample-town-core';
import { NODE_A, NODE_B, NODE_D, TOKENS as CONSOLES_AND_DISTRICT, TOWN } from './harness';
import { recordSqliteCalls, replayOnBetterSqlite } from '../bench/sqlite-calls';

const NODE_C = 'c0000000-0000-4000-8000-00000000000c';
/** The harness's two consoles and district, and a third console. */
const TOKENS = { ...CONSOLES_AND_DISTRICT, 'tok-c': { townCode: TOWN, nodeId: NODE_C } };
const ROOT = path.resolve(__dirname, '../..');
/** The console's PRAGMAs the raw side takes over (journal_mode stays in the file). */
const RAW_PRAGMAS = ['synchronous', 'foreign_keys', 'cache_size', 'mmap_size', 'wal_autocheckpoint'] as const;

export interface SyncBenchOptions {
  /** Ops pushed by one console and pulled by another. */
  readonly ops?: number;
  /** Ops a fresh console converges on. */
  readonly convergeOps?: number;
  /** Live-stream latency samples. */
  readonly samples?: number;
  readonly log?: (line: string) => void;
}

interface District {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** `npx tsx test/district/cli.ts` in its own process group; resolves once it listens. */
async function startDistrict(dataDir: string, tokensFile: string): Promise<District> {
  const child = spawn('npx', ['tsx', 'test/district/cli.ts', '--port', '0', '--data', dataDir, '--tokens', tokensFile], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`district did not start: ${output.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`district exited (${code}): ${output.join('\n')}`));
    });
  });
  const group = (signal: NodeJS.Signals): boolean => {
    try {
      process.kill(-child.pid!, signal);
      return true;
    } catch {
      return false;
    }
  };
  return {
    url,
    child,
    async stop() {
      group('SIGTERM');
      for (let i = 0; i < 100 && group(0 as unknown as NodeJS.Signals); i++) await sleep(50);
      group('SIGKILL');
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function openConsole(dataDir: string, nodeId: string, token: string, upstream: string, live = true, fetchImpl?: typeof fetch, engine?: 'better-sqlite3'): Promise<Core> {
  return sampleTownCore({
    ...(engine ? { engine } : {}),
    dataDir,
    clock: systemClock,
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    nodeId,
    sync: { upstream, token, townCode: TOWN, batchSize: 500, pullLimit: 2000, requestTimeoutMs: 60_000, pollIntervalMs: 1000, live, ...(fetchImpl ? { fetch: fetchImpl } : {}) },
    startSync: false,
  });
}

/**
 * Writes `count` ops into the console's outbox with the core's own appendOutbox: per event, report,
 * accept, dispatch (the catalogue item's posts and their holders), acknowledge (the lead) and a note.
 */
async function fillOutbox(core: Core, count: number): Promise<void> {
  const hlc = new HybridLogicalClock(core.nodeId, systemClock);
  const items = [...core.town.catalogue.values()];
  const grids = [...core.town.grids.keys()];
  const ops: OutboxOp[] = [];
  for (let i = 0; ops.length < count; i++) {
    const item = items[i % items.length]!;
    const entityId = newId(); // as a console names its new events
    const at = new Date().toISOString();
    const event = (action: string, payload: Record<string, unknown>, baseVersion?: number): OutboxOp => ({
      entity: 'event',
      entityId,
      kind: 'action',
      action,
      ...(baseVersion !== undefined ? { baseVersion } : {}),
      payload,
      hlc: hlc.now(),
      at,
    });
    const posts = [item.leadPostId, ...item.cooperatingPostIds];
    const holders = posts.map((postId) => {
      const post = core.town.posts.get(postId);
      return { postId, personId: post?.aPersonId ?? null, as: post?.aPersonId ? 'A' : null };
    });
    const steps = [
      event('report', { title: `压测事件 ${i}`, categoryCode: item.code, level: 'general', source: 'grid', reportedAt: at, gridCode: grids[i % grids.length] }),
      event('accept', {}, 1),
      event('dispatch', { leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds], holders }, 2),
      event('acknowledge', { postId: item.leadPostId }, 3),
      event('note', { text: '现场核实中' }, 4),
    ];
    ops.push(...steps.slice(0, count - ops.length));
  }
  for (let start = 0; start < ops.length; start += 5000) {
    const chunk = ops.slice(start, start + 5000);
    await core.db.write(async (sql) => {
      for (const op of chunk) await appendOutbox(sql, op);
    });
  }
}

async function status(core: Core): Promise<{ pending: number; cursor: string }> {
  return core.sync!.status();
}

/** The server's last serverSeq (the snapshot's cursor), as the district sees it. */
async function serverCursor(url: string): Promise<string> {
  const snap = await fetch(`${url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
  return ((await snap.json()) as { cursor: string }).cursor;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runSyncBench(options: SyncBenchOptions = {}): Promise<Record<string, number>> {
  const total = options.ops ?? 100_000;
  const convergeOps = options.convergeOps ?? 10_000;
  const samples = options.samples ?? 200;
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-bench-'));
  const tokensFile = path.join(dir, 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(TOKENS));
  const districts: District[] = [];
  const cores: Core[] = [];
  const figures: Record<string, number> = {};
  try {
    const [main, second] = await Promise.all([startDistrict(path.join(dir, 'district-1'), tokensFile), startDistrict(path.join(dir, 'district-2'), tokensFile)]);
    districts.push(main, second);

    // ---- push ------------------------------------------------------------------------------------
    const a = await openConsole(path.join(dir, 'a'), NODE_A, 'tok-a', main.url);
    cores.push(a);
    let t = performance.now();
    await fillOutbox(a, total);
    log(`filled ${total} outbox rows in ${round((performance.now() - t) / 1000, 2)} s`);
    t = performance.now();
    const pushed = await a.sync!.push();
    const pushS = (performance.now() - t) / 1000;
    if (pushed !== total || (await status(a)).pending !== 0) throw new Error(`pushed ${pushed} of ${total}`);
    figures.sync_push_ops_per_s = Math.round(total / pushS);
    log(`push: ${total} ops in ${round(pushS, 2)} s`);

    // ---- pull ------------------------------------------------------------------------------------
    if (process.env.DD_SYNC_BENCH_DIAG) {
      let after = '';
      const tf = performance.now();
      for (;;) {
        const res = await fetch(`${main.url}/v1/towns/${TOWN}/ops?limit=2000${after ? `&after=${after}` : ''}`, { headers: { Authorization: 'Bearer tok-b' } });
        const body = (await res.json()) as { cursor: string; more: boolean };
        after = body.cursor;
        if (!body.more) break;
      }
      log(`fetch only: ${((performance.now() - tf) / 1000).toFixed(2)} s`);
    }
    const b = await openConsole(path.join(dir, 'b'), NODE_B, 'tok-b', main.url);
    cores.push(b);
    // The raw sides start from the same database: copies of b's before the pull.
    const rawDir = path.join(dir, 'b-raw');
    mkdirSync(rawDir);
    const sqlOnlyFile = path.join(dir, 'sql-only.sqlite');
    for (const copy of [path.join(rawDir, 'duty-desk.sqlite'), sqlOnlyFile]) await b.db.read((sql) => sql.run(`VACUUM INTO ?`, [copy]));
    const recorder = recordSqliteCalls((b.db as unknown as { dataSource: DataSource }).dataSource);
    t = performance.now();
    const pulled = await b.sync!.pull();
    recorder.restore();
    if (process.env.DD_SYNC_BENCH_DIAG) {
      const counts = new Map<string, number>();
      for (const c of recorder.calls()) counts.set(c.sql.slice(0, 70), (counts.get(c.sql.slice(0, 70)) ?? 0) + 1);
      log(`calls: ${recorder.calls().length}`);
      for (const [k, v] of [...counts].sort((x, y) => y[1] - x[1]).slice(0, 15)) log(`  ${v} ${k}`);
    }
    const pullS = (performance.now() - t) / 1000;
    if (pulled !== total) throw new Error(`pulled ${pulled} of ${total}`);
    figures.sync_pull_ops_per_s = Math.round(total / pullS);
    log(`pull: ${total} ops in ${round(pullS, 2)} s (${recorder.calls().length} SQLite calls)`);
    // Raw: the same console, code and SQL over better-sqlite3 (in-process, synchronous) instead of
    // node-sqlite3, pulling the same pages from the same district into the copy.
    const bRaw = await openConsole(rawDir, NODE_B, 'tok-b', main.url, true, undefined, 'better-sqlite3');
    cores.push(bRaw);
    t = performance.now();
    const pulledRaw = await bRaw.sync!.pull();
    const rawS = (performance.now() - t) / 1000;
    if (pulledRaw !== total) throw new Error(`raw: pulled ${pulledRaw} of ${total}`);
    figures.sync_pull_raw_ops_per_s = Math.round(total / rawS);
    figures.sync_pull_ratio_vs_raw = round(rawS / pullS, 3);
    log(`pull, raw (the same pull over better-sqlite3): ${total} ops in ${round(rawS, 2)} s`);
    // SQLite's own share: the calls our pull made, with their parameters, run by better-sqlite3 alone.
    const sqlOnly = new Database(sqlOnlyFile);
    for (const p of RAW_PRAGMAS) {
      const row = await b.db.read((sql) => sql.get<Record<string, unknown>>(`PRAGMA ${p}`));
      if (row) sqlOnly.pragma(`${p} = ${String(Object.values(row)[0])}`);
    }
    const sqlS = replayOnBetterSqlite(sqlOnly, recorder.calls());
    sqlOnly.close();
    figures.sync_pull_sql_only_ops_per_s = Math.round(total / sqlS);
    log(`pull, its SQL alone: the same ${recorder.calls().length} calls on better-sqlite3 in ${round(sqlS, 2)} s`);

    // ---- a fresh console converges on 10,000 ops -------------------------------------------------
    const a2 = await openConsole(path.join(dir, 'a2'), NODE_A, 'tok-a', second.url);
    cores.push(a2);
    await fillOutbox(a2, convergeOps);
    await a2.sync!.push();
    const target = await serverCursor(second.url);
    t = performance.now();
    const c = await openConsole(path.join(dir, 'c'), NODE_C, 'tok-c', second.url);
    cores.push(c);
    c.sync!.start();
    while ((await status(c)).cursor !== target) {
      if (performance.now() - t > 300_000) throw new Error('no convergence within 300 s');
      await sleep(10);
    }
    figures.sync_converge_10k_s = round((performance.now() - t) / 1000, 2);
    log(`converge: ${convergeOps} ops in ${figures.sync_converge_10k_s} s`);
    await c.sync!.stop();

    // ---- live latency: district push → change on a console following the stream -----------------
    b.sync!.start();
    const caughtUp = performance.now();
    while (!(await b.sync!.status()).streaming) {
      if (performance.now() - caughtUp > 60_000) throw new Error('console b never opened the stream');
      await sleep(10);
    }
    const latencies: number[] = [];
    const { itemCode } = sampleTown(b);
    let districtSeq = 0;
    for (let i = 0; i < samples + 5; i++) {
      const entityId = randomUUID();
      const seen = new Promise<number>((resolve) => {
        const off = b.feed.subscribe((m) => {
          if (m.topic === 'events' && 'ids' in m && (m.ids as string[]).includes(entityId)) {
            off();
            resolve(performance.now());
          }
        });
      });
      const at = new Date().toISOString();
      districtSeq += 1;
      const body = JSON.stringify({
        nodeId: NODE_D,
        ops: [
          {
            opId: randomUUID(),
            nodeId: NODE_D,
            seq: districtSeq,
            hlc: `${at}-${String(districtSeq % 10000).padStart(4, '0')}-${NODE_D}`,
            entity: 'event',
            entityId,
            kind: 'action',
            action: 'assign_to_town',
            payload: { title: `12345转办 ${i}`, categoryCode: itemCode, level: 'general', source: 'district', reportedAt: at },
            at,
          },
        ],
      });
      const sent = performance.now();
      const res = await fetch(`${main.url}/v1/towns/${TOWN}/ops`, { method: 'POST', headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`district push answered ${res.status}: ${await res.text()}`);
      await res.text();
      const arrived = await Promise.race([seen, sleep(10_000).then(() => null)]);
      if (arrived === null) throw new Error(`sample ${i}: the change never reached the console`);
      const row = await b.db.read((sql) => sql.get<{ id: string }>(`SELECT id FROM event WHERE id = ?`, [entityId]));
      if (!row) throw new Error(`sample ${i}: feed message without the row`);
      if (i >= 5) latencies.push(arrived - sent); // the first few warm up the paths
      await sleep(5 + (i % 7) * 3);
    }
    latencies.sort((x, y) => x - y);
    figures.sync_live_p50_ms = round(percentile(latencies, 50), 1);
    figures.sync_live_p99_ms = round(percentile(latencies, 99), 1);
    log(`live: p50 ${figures.sync_live_p50_ms} ms, p99 ${figures.sync_live_p99_ms} ms over ${latencies.length} samples`);
    return figures;
  } finally {
    for (const core of cores) await core.close().catch(() => undefined);
    for (const d of districts) await d.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For test/sync/bench-*.ts (profiling one leg). */
export const benchInternals = {
  fillOutbox,
  async setup(dir: string, fetchImpl?: typeof fetch): Promise<{ district: District; consoleA: Core; consoleB: Core }> {
    const tokensFile = path.join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(TOKENS));
    const district = await startDistrict(path.join(dir, 'district'), tokensFile);
    const consoleA = await openConsole(path.join(dir, 'a'), NODE_A, 'tok-a', district.url, true, fetchImpl);
    const consoleB = await openConsole(path.join(dir, 'b'), NODE_B, 'tok-b', district.url, true, fetchImpl);
    return { district, consoleA, consoleB };
  },
};

async function cli(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const figures = await runSyncBench({
    ops: value('--ops') ? Number(value('--ops')) : undefined,
    convergeOps: value('--converge') ? Number(value('--converge')) : undefined,
    samples: value('--samples') ? Number(value('--samples')) : undefined,
  });
  const targets: Record<string, [string, number]> = {
    sync_push_ops_per_s: ['>=', 5000],
    sync_pull_ops_per_s: ['>=', 10000],
    sync_pull_ratio_vs_raw: ['>=', 0.9],
    sync_live_p99_ms: ['<', 200],
  };
  for (const [key, v] of Object.entries(figures)) {
    const target = targets[key];
    const ok = !target || (target[0] === '>=' ? v >= target[1] : v < target[1]);
    console.log(`${key.padEnd(22)} ${String(v).padStart(10)}${target ? `   target ${target[0]} ${target[1]}  ${ok ? 'ok' : 'MISS'}` : ''}`);
  }
  const json = value('--json');
  if (json) writeFileSync(json, JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures));
}

if (require.main === module) {
  cli().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
