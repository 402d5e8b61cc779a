/**
 * Kills the core with SIGKILL mid-command, many times over, on one database: each life starts the
 * core (integrity check and all), runs commands under load, and is killed at a random moment —
 * sometimes while still starting. After every kill the files as they lie on disk are copied and
 * checked: every command the child acknowledged must be there, and `PRAGMA integrity_check` must
 * say ok. Used by test/product/kill9.test.ts (a few dozen lives) and bench-product.ts (100).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { DEFAULT_RESOURCES_DIR } from '../../main/core/app-core';

const ROOT = path.resolve(__dirname, '../..');

export interface Kill9Options {
  runs: number;
  /**
   * Each life is killed this long after the child acknowledged its first command (uniformly in the
   * range): counted from work done, not from start-up, so a loaded machine kills mid-work as an idle one does.
   */
  minLifeMs?: number;
  maxLifeMs?: number;
  /** Share of lives killed at a random moment from spawn, often before the core is up (startup, migrations, checks). */
  earlyKillShare?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface Kill9Result {
  runs: number;
  /** Commands the child acknowledged over all lives. */
  acknowledged: number;
  /** Lives killed at a random moment from spawn (often before the core is up). */
  earlyKills: number;
  /** Lives not killed early that were killed before acknowledging anything: 0 unless the child never works. */
  idleLives: number;
  /** Acknowledged commands not found after the kill that followed them. */
  lost: number;
  lostIds: string[];
  /** Kills after which integrity_check did not answer `ok`. */
  integrityFailures: number;
  /** Online backups the children finished (each then checked too). */
  backups: number;
  badBackups: string[];
  /** Lives that died of something other than our SIGKILL. */
  crashes: string[];
  events: number;
  ms: number;
}

/** Bundles the child (esbuild, dependencies left external) into `dir`: it starts in a third of tsx's time. */
function childBundle(dir: string): string {
  const outfile = path.join(dir, 'kill9-child.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, 'kill9-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  return outfile;
}

interface Life {
  acked: { kind: 'R' | 'D'; id: string }[];
  backups: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

function live(bundle: string, dataDir: string, seed: number, killAfterFirstAckMs: number | null, killAfterSpawnMs: number | null): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dataDir, DEFAULT_RESOURCES_DIR, String(seed)], {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const life: Life = { acked: [], backups: [], signal: null, code: null, stderr: '' };
    let buffer = '';
    let timer: NodeJS.Timeout | null = null;
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    if (killAfterSpawnMs !== null) timer = setTimeout(kill, killAfterSpawnMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('R ') || line.startsWith('D ')) {
          life.acked.push({ kind: line[0] as 'R' | 'D', id: line.slice(2) });
          if (killAfterFirstAckMs !== null && !timer) timer = setTimeout(kill, killAfterFirstAckMs);
        } else if (line.startsWith('B ')) {
          life.backups.push(line.slice(2));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      life.stderr += chunk;
    });
    child.on('error', reject);
    // 'close' comes after stdout has been read to its end: every line written before the kill is in.
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      life.code = code;
      life.signal = signal;
      resolve(life);
    });
    // A child that never gets ready must not hang the run.
    setTimeout(kill, 30_000).unref();
  });
}

/** Copies the database as it lies on disk (with its WAL) and checks the copy; the original stays as the crash left it. */
export function checkCopy(
  dataDir: string,
  scratch: string,
  acked: readonly { kind: 'R' | 'D'; id: string }[],
): { ok: boolean; problems: string[]; missing: string[]; events: number } {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const file = path.join(dataDir, 'duty-desk.sqlite');
  if (!existsSync(file)) return { ok: acked.length === 0, problems: acked.length ? ['no database file'] : [], missing: acked.map((a) => a.id), events: 0 };
  const copy = path.join(scratch, 'duty-desk.sqlite');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
  const db = new Database(copy);
  try {
    const check = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    const hasEvents = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'event'`).get();
    if (!hasEvents) return { ok: check.join() === 'ok', problems: check, missing: acked.map((a) => a.id), events: 0 };
    const get = db.prepare('SELECT state, dispatched_at FROM event WHERE id = ?');
    const outbox = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE entity_id = ?');
    const missing: string[] = [];
    for (const a of acked) {
      const row = get.get(a.id) as { state: string; dispatched_at: string | null } | undefined;
      const ops = (outbox.get(a.id) as { n: number }).n;
      // A report leaves the event and its op; a dispatch leaves the dispatch on the event and two more ops.
      if (!row || ops < 1 || (a.kind === 'D' && (!row.dispatched_at || ops < 3))) missing.push(`${a.kind} ${a.id}`);
    }
    const events = (db.prepare('SELECT COUNT(*) AS n FROM event').get() as { n: number }).n;
    return { ok: check.length === 1 && check[0] === 'ok', problems: check.join() === 'ok' ? [] : check.slice(0, 5), missing, events };
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function runKill9(options: Kill9Options): Promise<Kill9Result> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const minLife = options.minLifeMs ?? 30;
  const maxLife = options.maxLifeMs ?? 400;
  const early = options.earlyKillShare ?? 0.1;
  let seed = options.seed ?? 20261123;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const work = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-kill9-'));
  const bundle = childBundle(path.join(work, 'bin'));
  const dataDir = path.join(work, 'data');
  const scratch = path.join(work, 'scratch');
  const result: Kill9Result = {
    runs: 0,
    acknowledged: 0,
    earlyKills: 0,
    idleLives: 0,
    lost: 0,
    lostIds: [],
    integrityFailures: 0,
    backups: 0,
    badBackups: [],
    crashes: [],
    events: 0,
    ms: 0,
  };
  // Every command ever acknowledged, checked after every later kill too: nothing may vanish later.
  const allAcked: { kind: 'R' | 'D'; id: string }[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const earlyKill = run > 0 && rnd() < early;
      const life = await live(bundle, dataDir, Math.floor(rnd() * 1e9), earlyKill ? null : minLife + rnd() * (maxLife - minLife), earlyKill ? rnd() * 600 : null);
      result.runs++;
      if (earlyKill) result.earlyKills++;
      else if (life.acked.length === 0) result.idleLives++;
      if (life.signal !== 'SIGKILL') result.crashes.push(`life ${run}: exit ${life.code} ${life.signal ?? ''} ${life.stderr.slice(0, 500)}`);
      allAcked.push(...life.acked);
      result.acknowledged += life.acked.length;
      result.backups += life.backups.length;
      const check = checkCopy(dataDir, scratch, allAcked);
      if (!check.ok) result.integrityFailures++;
      const newlyLost = check.missing.filter((m) => !result.lostIds.includes(m));
      result.lostIds.push(...newlyLost);
      result.lost = result.lostIds.length;
      result.events = check.events;
      if (run % 10 === 9 || newlyLost.length > 0 || !check.ok) {
        log(
          `  kill ${run + 1}/${options.runs}: ${life.acked.length} acknowledged this life, ${result.acknowledged} in all, ${check.events} events, lost ${result.lost}, integrity ${check.ok ? 'ok' : check.problems.join('; ')}`,
        );
      }
    }
    // Every backup a child finished is a complete, sound database (a kill mid-backup leaves only a .partial, removed at the next start).
    const backupDir = path.join(dataDir, 'backups');
    for (const name of existsSync(backupDir) ? readdirSync(backupDir) : []) {
      if (!name.endsWith('.sqlite')) continue;
      const db = new Database(path.join(backupDir, name), { readonly: true });
      try {
        const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
        if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') result.badBackups.push(name);
      } catch (error) {
        result.badBackups.push(`${name}: ${String(error)}`);
      } finally {
        db.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
